using System.Collections.Immutable;
using System.Diagnostics;
using Bci.Core.Streams;
using Bci.Core.Time;
using Bci.Recording.Tests.Support;
using Bci.Recording.Xdf;

namespace Bci.Recording.Tests;

public sealed class XdfWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static SampleChunk Chunk(StreamDescription d, int first, int n, Func<int, int, double> value)
    {
        var values = new double[n * d.ChannelCount];
        var times = new double[n];
        for (var i = 0; i < n; i++)
        {
            times[i] = 1000.123456789 + (first + i) / d.NominalRate + (i % 3) * 1e-7; // jittered, must survive exactly
            for (var c = 0; c < d.ChannelCount; c++) values[i * d.ChannelCount + c] = value(first + i, c);
        }
        return SampleChunk.Wrap(d, values, times);
    }

    [Fact]
    public void RoundTrip_EveryFormatAndMarkers_BitExact()
    {
        var path = _dir.File("round.xdf");
        var eeg = new StreamDescription("amp", "EEG", [new ChannelInfo("C3"), new ChannelInfo("C4"), new ChannelInfo("Cz")], 250, ChannelFormat.Float32, "amp-1")
        {
            Metadata = new Dictionary<string, string> { ["desc.manufacturer"] = "Test Inc.", ["desc.acquisition.model"] = "X1" }.ToImmutableDictionary(),
        };
        var dbl = StreamDescription.Unlabelled("dbl", "EEG", 2, 100, ChannelFormat.Double64);
        var i16 = StreamDescription.Unlabelled("i16", "Counts", 1, 10, ChannelFormat.Int16, unit: "");
        var cues = new StreamDescription("cues", "Markers", [new ChannelInfo("marker", "Markers", "")], 0, ChannelFormat.String);
        var empty = StreamDescription.Unlabelled("never", "EEG", 2, 100, ChannelFormat.Float32);

        var written = new List<SampleChunk>();
        var markers = new[] { new MarkerEvent("T1", 1000.5), new MarkerEvent("ünïcödé ✓", 1001.25), new MarkerEvent("", 1002) };
        using (var writer = new XdfWriter(path))
        {
            var a = writer.AddStream(eeg);
            var b = writer.AddStream(dbl);
            var c = writer.AddStream(i16);
            var m = writer.AddStream(cues);
            writer.AddStream(empty);
            for (var k = 0; k < 4; k++)
            {
                var chunk = Chunk(eeg, k * 50, 50, (i, ch) => (float)Math.Sin(i * 0.1 + ch) * 1e-5f);
                written.Add(chunk);
                writer.Write(a, chunk);
                writer.Flush();
            }
            writer.Write(b, Chunk(dbl, 0, 30, (i, ch) => Math.PI * i + ch * 1e-300));
            writer.Write(c, Chunk(i16, 0, 5, (i, ch) => i * 1000 - 32768));
            writer.Write(m, markers);
        }

        var recording = RecordingReader.Open(path);
        Assert.Empty(recording.Problems);
        var readEeg = recording.Find("amp")!;
        Assert.Equal(["C3", "C4", "Cz"], readEeg.Description.Channels.Select(ch => ch.Label));
        Assert.Equal("amp-1", readEeg.Description.SourceId);
        Assert.Equal("Test Inc.", readEeg.Description.Metadata["desc.manufacturer"]);
        Assert.Equal("X1", readEeg.Description.Metadata["desc.acquisition.model"]);
        var back = readEeg.ReadChunks().ToList();
        Assert.Equal(written.SelectMany(x => x.Values.ToArray()), back.SelectMany(x => x.Values.ToArray()));
        Assert.Equal(written.SelectMany(x => x.Timestamps.ToArray()), back.SelectMany(x => x.Timestamps.ToArray()));

        var dblBack = recording.Find("dbl")!.ReadChunks().SelectMany(x => x.Values.ToArray()).ToArray();
        Assert.Equal(Math.PI * 29 + 1e-300, dblBack[58]);
        Assert.Equal([-32768.0, -31768, -30768, -29768, -28768], recording.Find("i16")!.ReadChunks().SelectMany(x => x.Values.ToArray()));

        var markersBack = recording.Find("cues")!.ReadMarkers().ToList();
        Assert.Equal(markers.Select(x => x.Value), markersBack.Select(x => x.Value));
        Assert.Equal(markers.Select(x => x.Timestamp), markersBack.Select(x => x.Timestamp));

        Assert.Equal(0, recording.Find("never")!.SampleCount);
    }

    [Fact]
    public void Footer_AndClockOffsets_AreWritten()
    {
        var path = _dir.File("footer.xdf");
        var clock = new ManualClock(500);
        var eeg = StreamDescription.Unlabelled("amp", "EEG", 1, 100, ChannelFormat.Float32);
        using (var writer = new XdfWriter(path, new XdfWriterOptions { Clock = clock, ClockOffsetInterval = 1, BoundaryInterval = 1 }))
        {
            var id = writer.AddStream(eeg);
            writer.SetClockOffset(id, 0.25);
            for (var k = 0; k < 5; k++)
            {
                writer.Write(id, Chunk(eeg, k * 100, 100, (i, _) => i));
                clock.Now += 1;
            }
        }
        var recording = RecordingReader.Open(path, new RecordingReadOptions { SynchronizeClocks = false });
        var stream = recording.Streams.Single();
        Assert.True(stream.ClockOffsets.Count >= 5);
        Assert.All(stream.ClockOffsets, o => Assert.Equal(0.25, o.Value));
        Assert.True(int.Parse(recording.Metadata["boundary_chunks"]) >= 4);
        Assert.Empty(recording.Problems); // the footer's count agrees with the data

        var synced = RecordingReader.Open(path).Streams.Single();
        Assert.Equal(stream.FirstTimestamp + 0.25, synced.FirstTimestamp, 9);
    }

    [Fact]
    public void KilledRecorder_LeavesAReadableFile_LosingAtMostAboutOneSecond()
    {
        var path = _dir.File("killed.xdf");
        var writerDll = Path.Combine(AppContext.BaseDirectory, "Bci.Recording.CrashWriter.dll");
        var info = new ProcessStartInfo("dotnet", [writerDll, path]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var child = Process.Start(info)!;
        var started = child.StandardOutput.ReadLine();
        Assert.StartsWith("started", started);
        Thread.Sleep(2600);
        var killedAt = LslClock.LocalClock();
        child.Kill(); // SIGKILL on Linux: no finally blocks, no footer
        child.WaitForExit();

        var recording = RecordingReader.Open(path);
        var data = recording.Find("crash-test")!;
        var start = double.Parse(started!["started ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var values = data.ReadChunks().SelectMany(c => c.Values.ToArray()).ToArray();
        var n = values.Length / 4;
        Assert.True(n > 0, "nothing was readable");
        for (var k = 0; k < n; k++)
            for (var c = 0; c < 4; c++)
                Assert.Equal(k * 10 + c, values[k * 4 + c]); // every sample present, in order, exact
        var lost = killedAt - data.LastTimestamp;
        Assert.True(lost <= 1.1, $"{lost:0.000} s of data lost (last sample at {data.LastTimestamp - start:0.000} s, killed at {killedAt - start:0.000} s)");
        var markers = recording.Find("crash-markers")!.ReadMarkers().ToList();
        Assert.Equal(Enumerable.Range(0, markers.Count).Select(i => $"m{i * 100}"), markers.Select(m => m.Value));
        Assert.Contains(recording.Problems, p => p.Message.Contains("no stream footer"));
    }

    private sealed class ManualClock(double now) : IClock
    {
        public double Now { get; set; } = now;
    }
}
