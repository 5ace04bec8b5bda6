using System.Globalization;
using Bci.Core.Streams;
using Bci.Core.Time;
using Bci.Lsl;
using Bci.Lsl.Info;
using Bci.Recording.Xdf;

namespace Bci.Cli.Recording;

/// <summary>
/// `bci record`: finds LSL streams, records each from its own inlet thread into one XDF file as LabRecorder
/// does (the outlet's timestamps plus ClockOffset chunks from the inlet's time correction every few seconds),
/// and closes the file with footers when the duration is over or on Ctrl+C. The writer syncs complete chunks at
/// least twice a second, so even a killed recorder leaves a readable file.
/// </summary>
internal static class LslRecorder
{
    public static async Task<int> RunAsync(IReadOnlyList<string> queries, string path, double? duration, double timeout, TextWriter log, CancellationToken cancellation)
    {
        var resolver = new LslResolver();
        var infos = new List<LslStreamInfo>();
        foreach (var query in queries)
        {
            var xpath = query.Contains('=') || query.Contains('[') ? query : $"name='{query.Replace("'", "&apos;")}'";
            var found = resolver.Resolve(xpath, 1, timeout);
            if (found.Count == 0) throw new TimeoutException($"no LSL stream matches {xpath} (waited {timeout:0.#} s)");
            foreach (var info in found)
                if (infos.All(i => i.Uid != info.Uid)) infos.Add(info);
        }

        using var writer = new XdfWriter(path);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (duration is { } seconds) stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        var counts = new long[infos.Count];
        var threads = new List<Task>();
        for (var i = 0; i < infos.Count; i++)
        {
            var inlet = new LslInlet(infos[i]);
            inlet.Open(timeout);
            var full = inlet.GetFullInfo(timeout);
            var description = full.ToDescription();
            var id = writer.AddStream(description);
            log.WriteLine($"recording '{full.Name}' ({full.Type}, {full.ChannelCount} ch, {full.Format.ToName()}) from {full.Hostname}");
            var index = i;
            threads.Add(Task.Factory.StartNew(() => Pull(inlet, description, writer, id, c => counts[index] += c, stop.Token), TaskCreationOptions.LongRunning));
        }
        log.WriteLine($"writing {path}{(duration is null ? " until Ctrl+C" : $" for {duration:0.###} s")}");
        try
        {
            await Task.WhenAll(threads);
        }
        catch (OperationCanceledException)
        {
        }
        for (var i = 0; i < infos.Count; i++)
            log.WriteLine($"  {infos[i].Name}: {counts[i].ToString("N0", CultureInfo.InvariantCulture)} samples");
        log.WriteLine($"closed {path}");
        return 0;
    }

    private static void Pull(LslInlet inlet, StreamDescription description, XdfWriter writer, uint id, Action<int> counted, CancellationToken stop)
    {
        using (inlet)
        {
            var channels = description.ChannelCount;
            var lastCorrection = double.NegativeInfinity;
            var strings = new string[channels];
            var values = new double[Math.Max(1, channels) * 1024];
            var times = new double[1024];
            while (!stop.IsCancellationRequested)
            {
                if (LslClock.LocalClock() - lastCorrection > 5)
                {
                    try { writer.SetClockOffset(id, inlet.TimeCorrection(1)); } catch (TimeoutException) { }
                    lastCorrection = LslClock.LocalClock();
                }
                if (description.Format == ChannelFormat.String)
                {
                    if (inlet.TryPullStrings(strings, 0.1, out var t))
                    {
                        writer.Write(id, [new MarkerEvent(channels == 1 ? strings[0] : string.Join('\t', strings), t, description.Name)]);
                        counted(1);
                    }
                    continue;
                }
                var n = inlet.PullChunk<double>(values, times, 0.1);
                if (n == 0) continue;
                writer.Write(id, SampleChunk.Wrap(description, values[..(n * channels)], times[..n]));
                counted(n);
            }
        }
    }
}
