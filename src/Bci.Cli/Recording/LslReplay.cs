using System.Collections.Immutable;
using System.Xml.Linq;
using Bci.Core.Streams;
using Bci.Core.Time;
using Bci.Lsl;
using Bci.Lsl.Info;
using Bci.Recording;
using Spectre.Console;

namespace Bci.Cli.Recording;

/// <summary>
/// `bci replay`: republishes a recording's streams as LSL outlets with their original metadata (the XDF
/// stream header's desc when there is one), pushing every sample at its recorded time relative to the start
/// (divided by the speed factor), with timestamps moved onto this machine's LSL clock. Streams are merged in
/// time order, so markers keep their place among the samples.
/// </summary>
internal static class LslReplay
{
    public sealed record Options(double Speed, bool Loop, double Start, double? Duration, IReadOnlyList<string> Streams, double WaitForConsumers);

    private const double ChunkSeconds = 0.02;

    public static async Task<int> RunAsync(Bci.Recording.Recording recording, Options options, IAnsiConsole console, CancellationToken cancellation)
    {
        var selected = recording.Streams.Where(s => s.SampleCount > 0
            && (options.Streams.Count == 0 || options.Streams.Any(n => string.Equals(n, s.Name, StringComparison.OrdinalIgnoreCase)))).ToList();
        if (selected.Count == 0)
            throw new InvalidOperationException($"no stream with samples to replay in {recording.Path}{(options.Streams.Count > 0 ? $" named {string.Join(", ", options.Streams)}" : "")} (streams: {string.Join(", ", recording.Streams.Select(s => $"'{s.Name}'"))})");

        var outlets = selected.Select(s => new LslOutlet(Info(s))).ToList();
        try
        {
            foreach (var (stream, outlet) in selected.Zip(outlets))
                console.MarkupLine($"outlet [bold]{Markup.Escape(stream.Name)}[/] ({Markup.Escape(stream.Description.Type)}, {stream.Description.ChannelCount} ch, {stream.SampleCount:N0} samples)");
            if (options.WaitForConsumers > 0) outlets[0].WaitForConsumers(options.WaitForConsumers);

            var origin = selected.Min(s => s.FirstTimestamp) + options.Start;
            var end = selected.Max(s => s.LastTimestamp);
            var span = Math.Max(end - origin, 1e-6);
            var clockStart = LslClock.LocalClock();
            var loop = 0;
            long pushed = 0;
            var max = double.IsPositiveInfinity(options.Speed);
            ProgressTask? progress = null;
            var stopAt = options.Duration is { } d ? clockStart + d : double.PositiveInfinity;

            async Task<bool> PlayOnce()
            {
                foreach (var (index, item) in Merge(selected, origin, cancellation))
                {
                    cancellation.ThrowIfCancellationRequested();
                    var fileTime = item is SampleChunk c ? c.LastTimestamp : ((MarkerEvent)item).Timestamp;
                    var offset = clockStart - origin + loop * span;
                    if (!max)
                    {
                        var due = clockStart + (fileTime - origin + loop * span) / options.Speed;
                        var wait = due - LslClock.LocalClock();
                        if (wait > 0.001) await Task.Delay(TimeSpan.FromSeconds(wait), cancellation);
                    }
                    if (LslClock.LocalClock() >= stopAt) return false;
                    switch (item)
                    {
                        case SampleChunk chunk:
                            var times = new double[chunk.SampleCount];
                            for (var i = 0; i < times.Length; i++) times[i] = chunk.Timestamps[i] + offset;
                            outlets[index].PushChunk<double>(chunk.Values, times);
                            pushed += chunk.SampleCount;
                            break;
                        case MarkerEvent marker:
                            outlets[index].PushStrings([marker.Value], marker.Timestamp + offset);
                            pushed++;
                            break;
                    }
                    if (progress is not null) progress.Value = Math.Clamp((fileTime - origin) / span, 0, 1);
                }
                return true;
            }

            if (max && !Console.IsOutputRedirected)
            {
                await console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        progress = ctx.AddTask($"replaying {Path.GetFileName(recording.Path)}", maxValue: 1.0);
                        while (await PlayOnce() && options.Loop) loop++;
                        progress.Value = 1;
                    });
            }
            else
            {
                while (await PlayOnce() && options.Loop) loop++;
            }
            console.MarkupLine($"replayed {pushed:N0} samples/markers in {LslClock.LocalClock() - clockStart:0.00} s");
            return 0;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("stopped");
            return 0;
        }
        finally
        {
            foreach (var outlet in outlets) outlet.Dispose();
        }
    }

    /// <summary>The LSL info of a recorded stream: the file's own desc when it has one (XDF), else channels and metadata.</summary>
    private static LslStreamInfo Info(RecordedStream stream)
    {
        var d = stream.Description;
        var plain = new StreamDescription(d.Name, d.Type, d.Channels, d.NominalRate, d.Format, d.SourceId,
            d.Metadata.Where(kv => !kv.Key.StartsWith("xdf.", StringComparison.Ordinal) && !kv.Key.StartsWith("desc.", StringComparison.Ordinal))
                .ToImmutableDictionary());
        var info = LslStreamInfo.FromDescription(plain, stream.Kind == RecordedStreamKind.Markers ? ChannelFormat.String : d.Format);
        if (d.Metadata.TryGetValue("xdf.info_xml", out var xml))
        {
            try
            {
                if (XDocument.Parse(xml).Root?.Element("desc") is { } desc) info.Desc = new XElement(desc);
            }
            catch (System.Xml.XmlException)
            {
                // The header parsed when the file was opened; keep the rebuilt desc if it does not now.
            }
        }
        return info;
    }

    /// <summary>Chunks (of about 20 ms) and markers of every stream, merged by time; each with its stream's index.</summary>
    private static IEnumerable<(int Index, object Item)> Merge(IReadOnlyList<RecordedStream> streams, double from, CancellationToken cancellation)
    {
        var sources = streams.Select((s, i) => (i, s.Kind == RecordedStreamKind.Markers
            ? s.ReadMarkers(cancellation).Where(m => m.Timestamp >= from).Select(m => (object)m).GetEnumerator()
            : s.ReadChunks(s.Description.IsRegular ? Math.Max(1, (int)(ChunkSeconds * s.Description.NominalRate)) : 16, cancellation)
                .Where(c => c.LastTimestamp >= from).Select(c => (object)c).GetEnumerator())).ToList();
        var heads = new PriorityQueue<(int Index, IEnumerator<object> Source), double>();
        foreach (var (i, source) in sources)
            if (source.MoveNext()) heads.Enqueue((i, source), TimeOf(source.Current));
        try
        {
            while (heads.TryDequeue(out var head, out _))
            {
                yield return (head.Index, head.Source.Current);
                if (head.Source.MoveNext()) heads.Enqueue(head, TimeOf(head.Source.Current));
            }
        }
        finally
        {
            foreach (var (_, source) in sources) source.Dispose();
        }
    }

    private static double TimeOf(object item) => item is SampleChunk c ? c.LastTimestamp : ((MarkerEvent)item).Timestamp;
}
