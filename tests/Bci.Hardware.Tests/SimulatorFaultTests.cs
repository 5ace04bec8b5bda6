using Bci.Core.Streams;
using Bci.Hardware.Simulation;

namespace Bci.Hardware.Tests;

public sealed class SimulatorFaultTests
{
    private static string Pipeline(string faults, string profile = "gtec-gusbamp-16") => $$"""
        name: faults
        sources:
          - id: amp
            uses: simulate
            with: { profile: {{profile}}, seed: 4, duration: 60 s, pace: max{{faults}} }
        stages:
          - id: check
            uses: device.check
            input: amp
            with: { profile: {{profile}} }
        sinks:
          - id: summary
            uses: stats
            input: check
        """;

    [Fact]
    public void Dropouts_AreCountedByTheSimulator_AndSeenAsTheSameLossDownstream()
    {
        var result = HardwareTestKit.RunVirtual(HardwareTestKit.Load(Pipeline(", dropouts: 10, dropout-length: 20 samples")), TimeSpan.FromSeconds(120), out _);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var dropped = result.Health["amp"]["dropped-samples"];
        Assert.InRange(dropped, 20 * 4, 20 * 20);   // about 10 dropouts in a minute (Poisson)
        Assert.Equal(0, dropped % 20);
        Assert.Equal(dropped, result.Health["check"]["lost-samples"]);
        Assert.Equal(dropped / 20, result.Health["check"]["gaps"]);
    }

    [Fact]
    public void ThePipelineSurvivesADisconnect_AndCountsTheSamplesItLost()
    {
        var result = HardwareTestKit.RunVirtual(HardwareTestKit.Load(Pipeline(", disconnect-at: 10 s, disconnect-for: 3 s")), TimeSpan.FromSeconds(120), out var log);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(1, result.Health["amp"]["disconnects"]);
        Assert.Equal(3 * 256, result.Health["amp"]["disconnected-samples"]);
        Assert.Equal(3 * 256, result.Health["check"]["lost-samples"]);
        Assert.Equal(1, result.Health["check"]["gaps"]);
        Assert.Contains(log.Lines, l => l.Message.Contains("disconnected at 10.00 s"));
        Assert.Contains(log.Lines, l => l.Message.Contains("reconnected at 13.00 s"));
        // Data after the reconnect reached the sink: 60 s minus the 3 s lost.
        Assert.Equal(result.Health["amp"]["items"], result.Health["summary"]["items"]);
    }

    [Fact]
    public void Jitter_AndClockDrift_MoveTimestampsAsSpecified()
    {
        var profile = HardwareTestKit.Profile("openbci-cyton-8");
        var device = new SimulatedDevice(profile, new SimulationSettings { Faults = new FaultSettings { Jitter = 0.002, ClockDriftPpm = 500 } });
        var block = device.Next(250 * 100, origin: 1000);
        var chunk = block.Chunk!;
        var residuals = new double[chunk.SampleCount];
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < chunk.SampleCount; i++)
        {
            double x = i / 250.0, y = chunk.Timestamps[i] - 1000;
            sx += x; sy += y; sxx += x * x; sxy += x * y;
        }
        var n = chunk.SampleCount;
        var slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        var intercept = (sy - slope * sx) / n;
        for (var i = 0; i < n; i++) residuals[i] = chunk.Timestamps[i] - 1000 - (intercept + slope * i / 250.0);
        var jitter = Math.Sqrt(residuals.Average(r => r * r));
        Assert.InRange((slope - 1) * 1e6, 490, 510);        // 500 ppm fast
        Assert.InRange(jitter, 0.0019, 0.0021);              // 2 ms RMS
    }

    [Fact]
    public void Markers_FollowTheSameScheduleAsTheSignal_AndAreBalanced()
    {
        var pipeline = HardwareTestKit.Load("""
            name: cues
            sources:
              - id: cues
                uses: simulate.markers
                with: { profile: openbci-cyton-8, seed: 2, duration: 60 s }
            sinks:
              - id: show
                uses: print
                input: cues
            """);
        var result = HardwareTestKit.RunVirtual(pipeline, TimeSpan.FromSeconds(70), out var log);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var expected = CueSchedule.Cues(new SimulationSettings { Seed = 2 }).TakeWhile(c => c.Onset < 60).ToList();
        Assert.Equal(expected.Count, result.Health["cues"]["items"]);
        Assert.InRange(expected.Count, 8, 10);  // one trial per 6.5-7 s after a 2 s lead
        Assert.InRange(expected.Count(c => c.Value == "T1") - expected.Count(c => c.Value == "T2"), -1, 1);
    }

    [Fact]
    public void ABadProfileOrOption_IsReportedWhenThePipelineIsLoaded()
    {
        var error = Assert.ThrowsAny<Exception>(() => HardwareTestKit.Load(Pipeline(", erd: 1.5")));
        Assert.Contains("erd must be between 0 and 1", error.Message);
    }
}
