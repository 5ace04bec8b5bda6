namespace Bci.Audio.Analysis;

/// <summary>How <see cref="CueOnsetCheck"/> finds sound onsets in a cue track and pairs them with markers.</summary>
public sealed record CueOnsetOptions
{
    /// <summary>A sound starts at the first frame whose peak over all channels exceeds this level.</summary>
    public double ThresholdDbfs { get; init; } = -60;

    /// <summary>
    /// Silence (below the threshold) needed before a frame counts as a new onset; shorter gaps belong to the same
    /// sound. 100 ms: an output that fell behind writes the silence a device would have played, which can cut a
    /// tone for tens of milliseconds on a loaded machine without that being a new cue.
    /// </summary>
    public double MinSilenceSeconds { get; init; } = 0.1;

    /// <summary>Largest |sound − marker| time for a pair; the default is one 40 ms output buffer plus one 10 ms period.</summary>
    public double ToleranceSeconds { get; init; } = 0.05;

    /// <summary>Only markers with these values are expected to sound (empty: every marker).</summary>
    public IReadOnlyCollection<string> Values { get; init; } = [];
}
