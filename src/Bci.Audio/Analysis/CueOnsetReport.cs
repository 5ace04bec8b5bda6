namespace Bci.Audio.Analysis;

/// <summary>
/// How the cue onsets in a WAV agree with a marker list: one entry per expected marker, the onsets no marker
/// explains, and the figures a person checks (matched count, largest and median difference).
/// </summary>
public sealed record CueOnsetReport(string WavPath, double FileStartTime, bool StartTimeKnown, double ToleranceSeconds,
    IReadOnlyList<CueOnset> Cues, IReadOnlyList<double> UnexplainedOnsets)
{
    public int Matched => Cues.Count(c => c.SoundTime is not null);

    /// <summary>Every marker has its sound within the tolerance and no sound is left without a marker.</summary>
    public bool Agrees => StartTimeKnown && Matched == Cues.Count && UnexplainedOnsets.Count == 0;

    public double? LargestDifference => Matched == 0 ? null : Cues.Where(c => c.Difference is not null).Max(c => Math.Abs(c.Difference!.Value));

    public double? MedianDifference
    {
        get
        {
            var d = Cues.Where(c => c.Difference is not null).Select(c => c.Difference!.Value).Order().ToArray();
            return d.Length == 0 ? null : d.Length % 2 == 1 ? d[d.Length / 2] : (d[d.Length / 2 - 1] + d[d.Length / 2]) / 2;
        }
    }

    public override string ToString() =>
        FormattableString.Invariant($"{Path.GetFileName(WavPath)}: {Matched} of {Cues.Count} cue markers have their sound within {ToleranceSeconds * 1000:0.#} ms")
        + (LargestDifference is { } largest ? FormattableString.Invariant($" (largest |difference| {largest * 1000:0.###} ms, median {MedianDifference!.Value * 1000:0.###} ms)") : "")
        + $"; {UnexplainedOnsets.Count} onset(s) without a marker"
        + (StartTimeKnown ? "" : "; the WAV holds no LSL start time (it was not written by a file: output), so times are seconds from its start");
}
