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
}
