using Bci.Core.Streams;
using Bci.Core.Time;
using Bci.Lsl;
using Bci.Lsl.Info;
using Bci.Recording.Tests.Support;
using Xunit.Abstractions;

namespace Bci.Recording.Tests;

/// <summary>
/// `bci record`, run as its own process the way LabRecorder is, records a live LSL data stream and a live string
/// marker stream published by this test; the file read back holds every sample and every marker bit-exact, with
/// timestamps equal to the pushed ones within the clock-correction tolerance.
/// </summary>
public sealed class LslRecordRoundTripTests(ITestOutputHelper output) : IDisposable
{
    private const int Channels = 8;
    private const double Rate = 250;
    private const double ClockTolerance = 1e-3; // s: the recorder's clock offsets on one machine are microseconds
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void BciRecord_OfALiveStreamWithMarkers_ReadsBackEverySampleAndMarkerBitExact()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var eegName = "roundtrip-eeg-" + tag;
        var markerName = "roundtrip-markers-" + tag;
        var path = _dir.File("roundtrip.xdf");
        using var eeg = new LslOutlet(new LslStreamInfo(eegName, "EEG", Channels, Rate, ChannelFormat.Float32, "rt-eeg-" + tag));
        using var markers = new LslOutlet(new LslStreamInfo(markerName, "Markers", 1, 0, ChannelFormat.String, "rt-mk-" + tag));

        using var recorder = BciProgram.Start("record", "--stream", eegName, "--stream", markerName, "--out", path, "--duration", "12", "--timeout", "20");
        Assert.True(eeg.WaitForConsumers(30) && markers.WaitForConsumers(30), "bci record did not connect to both outlets within 30 s");

        // 2 s of data (the recorder runs 12 s: room for a slow start on a loaded machine) in 40 ms chunks with
        // explicit timestamps, and a marker every 240 ms (text with a tab, non-ASCII letters and an empty marker,
        // which must all survive).
        var random = new Random(11);
        var sentValues = new List<float>();
        var sentTimes = new List<double>();
        var sentMarkers = new List<(string Value, double Time)>();
        var labels = new[] { "T1", "T2", "rest", "stim/ü/β", "a\tb", "" };
        var start = LslClock.LocalClock();
        for (var chunk = 0; chunk < 50; chunk++)
        {
            var values = new float[10 * Channels];
            var times = new double[10];
            for (var i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2e-4 - 1e-4);
            for (var i = 0; i < times.Length; i++) times[i] = start + (chunk * 10 + i) / Rate;
            eeg.PushChunk<float>(values, times);
            sentValues.AddRange(values);
            sentTimes.AddRange(times);
            if (chunk % 6 == 0)
            {
                var marker = (labels[sentMarkers.Count % labels.Length], times[3]);
                markers.PushStrings([marker.Item1], marker.Item2);
                sentMarkers.Add(marker);
            }
            Thread.Sleep(40);
        }

        var (exit, stdout, stderr) = recorder.WaitForExit(TimeSpan.FromSeconds(60));
        output.WriteLine(stdout + stderr);
        Assert.True(exit == 0, $"bci record exited with {exit}: {stdout}{stderr}");

        var recording = RecordingReader.Open(path, new RecordingReadOptions { ConvertToVolts = false });
        Assert.Empty(recording.Problems);
        var data = recording.Find(eegName)!;
        Assert.Equal(Channels, data.Description.ChannelCount);
        Assert.Equal(ChannelFormat.Float32, data.Description.Format);
        var chunks = data.ReadChunks().ToList();
        var gotValues = chunks.SelectMany(c => c.Values.ToArray()).ToArray();
        var gotTimes = chunks.SelectMany(c => c.Timestamps.ToArray()).ToArray();
        Assert.Equal(sentValues.Count, gotValues.Length);
        for (var i = 0; i < gotValues.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(sentValues[i]) == BitConverter.SingleToInt32Bits((float)gotValues[i]), $"value {i} differs");
        var timeErrors = gotTimes.Select((t, i) => Math.Abs(t - sentTimes[i])).ToArray();
        Assert.All(timeErrors, e => Assert.InRange(e, 0, ClockTolerance));

        var gotMarkers = recording.Find(markerName)!.ReadMarkers().ToList();
        Assert.Equal(sentMarkers.Select(m => m.Value), gotMarkers.Select(m => m.Value));
        var markerErrors = gotMarkers.Select((m, i) => Math.Abs(m.Timestamp - sentMarkers[i].Time)).ToArray();
        Assert.All(markerErrors, e => Assert.InRange(e, 0, ClockTolerance));
        output.WriteLine($"{gotValues.Length / Channels} samples and {gotMarkers.Count} markers bit-exact; largest timestamp error {timeErrors.Concat(markerErrors).Max() * 1e6:0.###} µs");
    }
}
