using Bci.Core.Streams;
using Bci.Core.Time;
using Bci.Lsl;
using Bci.Lsl.Info;
using Bci.Recording.Tests.Support;
using Bci.Recording.Xdf;
using Bci.TestSupport;
using Xunit.Abstractions;

namespace Bci.Recording.Tests;

/// <summary>
/// A real recording replayed through LSL (loopback) and recorded again: the samples come back bit-exact and the
/// relative timing within the clock-correction tolerance. Prints the timing error distribution.
/// </summary>
public sealed class ReplayFidelityTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [DataFact("xdf-examples/openbci8_string_markers.xdf")]
    public void ReplayedThroughLslAndRecordedAgain_MatchesTheOriginal()
    {
        var recording = RecordingReader.Open(TestData.Require("xdf-examples/openbci8_string_markers.xdf"), new RecordingReadOptions { ConvertToVolts = false });
        var source = recording.Find("obci_eeg1")!;
        var original = source.ReadChunks(5).TakeWhile(c => c.FirstTimestamp < source.FirstTimestamp + 3).ToList(); // 3 s, 20 ms chunks
        var name = "fidelity-" + Guid.NewGuid().ToString("N")[..8];
        var description = source.Description.WithName(name);

        using var outlet = new LslOutlet(LslStreamInfo.FromDescription(description));
        var found = new LslResolver().Resolve($"name='{name}'", 1, 10);
        Assert.NotEmpty(found);
        var path = _dir.File("again.xdf");
        var expected = original.Sum(c => c.SampleCount);
        using (var writer = new XdfWriter(path))
        using (var inlet = new LslInlet(found[0]))
        {
            inlet.Open(10);
            var id = writer.AddStream(inlet.GetFullInfo(10).ToDescription());
            var recorded = 0;
            var recorder = Task.Run(() =>
            {
                var values = new double[8 * 512];
                var times = new double[512];
                var deadline = LslClock.LocalClock() + 30;
                while (recorded < expected && LslClock.LocalClock() < deadline)
                {
                    var n = inlet.PullChunk<double>(values, times, 0.2);
                    if (n == 0) continue;
                    writer.Write(id, SampleChunk.Wrap(description, values[..(n * 8)], times[..n]));
                    recorded += n;
                }
            });
            outlet.WaitForConsumers(10);

            // Replay at the recorded pace (2x), timestamps moved onto this machine's clock.
            var shift = LslClock.LocalClock() - original[0].FirstTimestamp;
            foreach (var chunk in original)
            {
                var due = original[0].FirstTimestamp + (chunk.LastTimestamp - original[0].FirstTimestamp) / 2 + shift;
                var wait = due - LslClock.LocalClock();
                if (wait > 0) Thread.Sleep(TimeSpan.FromSeconds(wait));
                var times = chunk.Timestamps.ToArray().Select(t => t + shift).ToArray();
                outlet.PushChunk<double>(chunk.Values, times);
            }
            Assert.True(recorder.Wait(TimeSpan.FromSeconds(40)), "recorder did not finish");
            Assert.Equal(expected, recorded);
        }

        var again = RecordingReader.Open(path, new RecordingReadOptions { ConvertToVolts = false }).Streams.Single();
        var back = again.ReadChunks().ToList();
        Assert.Equal(original.SelectMany(c => c.Values.ToArray()), back.SelectMany(c => c.Values.ToArray()));
        var t0 = original.SelectMany(c => c.Timestamps.ToArray()).ToArray();
        var t1 = back.SelectMany(c => c.Timestamps.ToArray()).ToArray();
        var errors = t0.Select((t, i) => ((t1[i] - t1[0]) - (t - t0[0])) * 1e6).Order().ToArray();
        output.WriteLine($"{errors.Length} samples bit-exact; relative timing error (µs): min {errors[0]:0.###}, median {errors[errors.Length / 2]:0.###}, p99 {errors[(int)(errors.Length * 0.99)]:0.###}, max {errors[^1]:0.###}");
        Assert.All(errors, e => Assert.InRange(e, -1000, 1000)); // within 1 ms: the clock offset fit of one machine
    }
}
