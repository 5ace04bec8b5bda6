using Bci.Core.Time;
using Bci.Hardware.Simulation;
using Bci.Lsl;

namespace Bci.Hardware.Tests;

public sealed class SimulatedLslDeviceTests
{
    [Fact]
    public async Task PublishesTheProfilesStream_InMicrovolts_WithLabelsAndCueMarkers_AndAnInletReceivesThem()
    {
        var profile = HardwareTestKit.Profile("openbci-cyton-8");
        var name = $"sim-test-{Guid.NewGuid():N}"[..20];
        using var device = new SimulatedLslDevice(profile, new SimulationSettings { Seed = 9, FirstCue = 0.5 }, name);
        using var cancel = new CancellationTokenSource();
        var run = device.RunAsync(duration: 30, cancellation: cancel.Token);

        var resolver = new LslResolver();
        var found = resolver.ResolveByProperty("name", name, 1, 10);
        var info = Assert.Single(found);
        Assert.Equal("EEG", info.Type);
        using var inlet = new LslInlet(info);
        inlet.Open(10);
        var full = inlet.GetFullInfo(10).ToDescription();
        Assert.Equal(profile.Channels.Select(c => c.Label), full.Channels.Select(c => c.Label));
        Assert.All(full.Channels, c => Assert.Equal("microvolts", c.Unit));
        Assert.Equal("openbci-cyton-8", full.Metadata["profile"]);

        var markers = resolver.ResolveByProperty("name", name + "-markers", 1, 10);
        using var markerInlet = new LslInlet(Assert.Single(markers));
        markerInlet.Open(10);

        var values = new float[250 * 8];
        var times = new double[250];
        var received = 0;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (received < 250 && DateTime.UtcNow < deadline)
            received += inlet.PullChunk<float>(values.AsSpan(received * 8), times.AsSpan(received), 1.0);
        Assert.Equal(250, received);
        var rms = Math.Sqrt(values.Average(v => (double)v * v));
        Assert.InRange(rms, 5, 200);                       // microvolts, not volts
        for (var i = 1; i < received; i++) Assert.InRange(times[i] - times[i - 1], 0.0039, 0.0041);

        var cue = new string[1];
        Assert.True(markerInlet.TryPullStrings(cue, 15, out var stamp), "no cue marker arrived");
        Assert.Contains(cue[0], new[] { "T1", "T2" });
        cancel.Cancel();
        await run;
    }

    [Fact]
    public async Task FastForward_PublishesThePastBlockAtOnce_StampedBeforeNow_ThenContinuesOnTheClock()
    {
        var profile = HardwareTestKit.Profile("openbci-cyton-8");
        var sourceId = $"sim-ff-{Guid.NewGuid():N}";
        var settings = new SimulationSettings { Seed = 4, FirstCue = 1, Imagery = 2, RestMin = 1, RestMax = 1.5 };
        using var device = new SimulatedLslDevice(profile, settings, sourceId: sourceId);
        Assert.Equal(sourceId, device.Stream.SourceId);
        var resolver = new LslResolver();
        using var inlet = new LslInlet(Assert.Single(resolver.ResolveByProperty("source_id", sourceId, 1, 10)));
        inlet.Open(10);
        using var markerInlet = new LslInlet(Assert.Single(resolver.ResolveByProperty("source_id", sourceId + "-markers", 1, 10)));
        markerInlet.Open(10);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((device.Consumers < 1 || device.MarkerConsumers < 1) && DateTime.UtcNow < deadline) await Task.Delay(20);

        // 20 s of session of which the first 19 s lie in the past: all of it is out within a few seconds, not 20.
        var started = LslClock.LocalClock();
        await device.RunAsync(duration: 20, fastForward: 19);
        var finished = LslClock.LocalClock();
        Assert.InRange(device.Origin, started - 19 - 0.5, started - 19 + 0.5);
        Assert.True(finished - started < 10, $"20 s with 19 s fast-forwarded took {finished - started:0.0} s");

        var values = new float[20 * 250 * 8];
        var times = new double[20 * 250];
        var received = 0;
        while (received < times.Length && DateTime.UtcNow < deadline)
            received += inlet.PullChunk<float>(values.AsSpan(received * 8), times.AsSpan(received), 1.0);
        Assert.Equal(times.Length, received);
        Assert.Equal(device.Origin, times[0], 6);                  // sample 0 at the origin, 19 s before the start
        for (var i = 1; i < received; i++) Assert.InRange(times[i] - times[i - 1], 0.0039, 0.0041);
        Assert.InRange(times[^1], finished - 1.5, finished + 0.1); // the last second ran on the clock

        // The cues of the past block came at once, with their session times.
        var expected = CueSchedule.Cues(settings).TakeWhile(c => c.Onset < 20).ToList();
        var cue = new string[1];
        foreach (var e in expected)
        {
            Assert.True(markerInlet.TryPullStrings(cue, 5, out var stamp), "a cue is missing");
            Assert.Equal(e.Value, cue[0]);
            Assert.Equal(device.Origin + e.Onset, stamp, 6);
        }
    }
}
