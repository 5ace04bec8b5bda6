using Bci.Audio.Output;
using Bci.Audio.Wav;
using Bci.Core.Streams;

namespace Bci.Audio.Analysis;

/// <summary>
/// Checks a cue track written by a `file:` output against markers: finds where each sound starts in the WAV
/// (first frame above a threshold after a stretch of silence), puts it on the LSL clock with the first-frame time
/// the file output stored in the WAV, and pairs each marker with the nearest unused onset within the tolerance.
/// Meant for tracks that hold cues only (a continuous feedback tone in the same file leaves no silence to find).
/// </summary>
public static class CueOnsetCheck
{
    /// <summary>Onset times (LSL clock when the WAV holds its start time, else seconds from the file's start), streamed from the file.</summary>
    public static IReadOnlyList<double> DetectOnsets(string wavPath, CueOnsetOptions? options = null) => Detect(wavPath, options ?? new()).Onsets;

    /// <summary>Pairs <paramref name="markers"/> (those whose value is expected to sound) with the onsets in the WAV.</summary>
    public static CueOnsetReport Compare(string wavPath, IEnumerable<MarkerEvent> markers, CueOnsetOptions? options = null)
    {
        options ??= new();
        var (onsets, start, known) = Detect(wavPath, options);
        var expected = markers.Where(m => options.Values.Count == 0 || options.Values.Contains(m.Value)).OrderBy(m => m.Timestamp).ToList();
        var used = new bool[onsets.Count];
        var cues = new List<CueOnset>();
        foreach (var marker in expected)
        {
            var best = -1;
            for (var i = 0; i < onsets.Count; i++)
            {
                if (used[i] || Math.Abs(onsets[i] - marker.Timestamp) > options.ToleranceSeconds) continue;
                if (best < 0 || Math.Abs(onsets[i] - marker.Timestamp) < Math.Abs(onsets[best] - marker.Timestamp)) best = i;
            }
            if (best >= 0) used[best] = true;
            cues.Add(new CueOnset(marker.Value, marker.Timestamp, best >= 0 ? onsets[best] : null));
        }
        var unexplained = onsets.Where((_, i) => !used[i]).ToList();
        return new CueOnsetReport(wavPath, start, known, options.ToleranceSeconds, cues, unexplained);
    }

    private static (List<double> Onsets, double Start, bool Known) Detect(string wavPath, CueOnsetOptions options)
    {
        if (!(options.ToleranceSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(options), "the tolerance must be above 0 s");
        if (options.MinSilenceSeconds < 0) throw new ArgumentOutOfRangeException(nameof(options), "the silence before an onset cannot be negative");
        var stored = FileOutput.ReadStartTime(wavPath);
        using var reader = WavReader.Open(wavPath);
        var rate = reader.Format.SampleRate;
        var channels = reader.Format.Channels;
        var threshold = Math.Pow(10, options.ThresholdDbfs / 20);
        var silenceFrames = (long)Math.Round(options.MinSilenceSeconds * rate);
        var start = stored ?? 0;
        var onsets = new List<double>();
        var block = new double[4096 * channels];
        long frame = 0;
        var quiet = long.MaxValue; // frames of silence so far; the file's start counts as long silence
        int n;
        while ((n = reader.Read(block)) > 0)
        {
            for (var f = 0; f < n; f++, frame++)
            {
                var peak = 0.0;
                for (var c = 0; c < channels; c++) peak = Math.Max(peak, Math.Abs(block[f * channels + c]));
                if (peak > threshold)
                {
                    if (quiet >= silenceFrames) onsets.Add(start + frame / (double)rate);
                    quiet = 0;
                }
                else if (quiet != long.MaxValue) quiet++;
            }
        }
        return (onsets, start, stored is not null);
    }
}
