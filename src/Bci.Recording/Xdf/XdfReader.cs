using Bci.Recording.IO;

namespace Bci.Recording.Xdf;

/// <summary>
/// Opens XDF files: an index pass over the chunks, then a timestamps-only pass that works out sample counts,
/// clock synchronization and dejitter lines, both in bounded memory. Samples are read later, per stream.
/// Follows pyxdf's semantics (load_xdf with synchronize_clocks, handle_clock_resets, dejitter_timestamps) except
/// that a garbled Samples chunk costs only that chunk (its length prefix still says where the next one starts).
/// </summary>
internal static class XdfReader
{
    public static Recording Open(string path, RecordingReadOptions options)
    {
        using var handle = FileReads.OpenRead(path);
        var index = XdfIndex.Build(path, handle, options.ConvertToVolts, options.Progress is null ? null : new Scaled(options.Progress, 0, 0.3));
        var timelines = XdfTimeline.Build(path, handle, index, options, options.Progress is null ? null : new Scaled(options.Progress, 0.3, 0.7));
        var problems = new List<RecordingProblem>(index.Problems);
        var streams = new List<RecordedStream>();
        foreach (var entry in index.Streams)
        {
            var timeline = timelines[entry];
            problems.AddRange(timeline.Problems);
            var name = entry.Header.Description.Name;
            if (entry.FooterSampleCount is { } footerCount && footerCount != timeline.SampleCount)
                problems.Add(new RecordingProblem($"footer says {footerCount} samples, the file holds {timeline.SampleCount}; the data is used", null, name));
            if (entry.FooterSampleCount is null)
                problems.Add(new RecordingProblem("no stream footer (recording not closed properly)", null, name));
            streams.Add(new XdfStream(path, entry.Header, timeline, entry.Header.Description));
        }
        var metadata = new Dictionary<string, string>(index.FileHeader) { ["boundary_chunks"] = index.BoundaryChunks.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        options.Progress?.Report(1);
        return new Recording(path, RecordingFormat.Xdf, streams, problems, metadata);
    }

    private sealed class Scaled(IProgress<double> inner, double from, double span) : IProgress<double>
    {
        public void Report(double value) => inner.Report(from + span * Math.Clamp(value, 0, 1));
    }
}
