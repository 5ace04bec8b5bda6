namespace Bci.Dsp.Tests;

/// <summary>The dsp stages wired by pipeline files and run in virtual time.</summary>
public sealed class PipelineTests
{
    [Fact]
    public void FilterRerefEpoch_FromYaml_EpochsEveryCueWhetherItArrivesEarlyOrLate()
    {
        foreach (var lead in new[] { "1 s", "-1 s" })
        {
            CollectWindowsSink.Target.Value = [];
            var pipeline = PipelineKit.Load($$"""
                sources:
                  - id: amp
                    uses: dsptest.faulty
                    with: { channels: 8, rate: 250 Hz, chunk: 32, duration: 12 s }
                  - id: cues
                    uses: dsptest.markers
                    with: { values: [T1, T0, T2, T1, T2], times: [12 s, 13.5 s, 15 s, 18 s, 21.5 s], lead: {{lead}} }
                stages:
                  - id: band
                    uses: dsp.bandpass
                    input: amp
                    with: { low: 8 Hz, high: 30 Hz, order: 4 }
                  - id: mains
                    uses: dsp.notch
                    with: { frequency: 50 Hz }
                  - id: car
                    uses: dsp.reref
                  - id: epochs
                    uses: dsp.epoch
                    input: { data: car, markers: cues }
                    with: { events: [T1, T2], tmin: -0.5 s, tmax: 2 s, baseline: [-0.5 s, 0 s] }
                sinks:
                  - uses: dsptest.collect-windows
                    input: epochs
                """);
            var result = PipelineKit.RunVirtual(pipeline, TimeSpan.FromSeconds(14), out _);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
            var epochs = CollectWindowsSink.Target.Value!;
            Assert.Equal(["T1", "T2", "T1"], epochs.Select(e => e.Event!.Value));   // 21.5 s + 2 s is past the data's end
            Assert.All(epochs, e => Assert.Equal(626, e.SampleCount));
            Assert.All(epochs, e => Assert.Equal(8, e.ChannelCount));
            Assert.Equal(3, result.Health["epochs"]["epochs"]);
            // Sent early, the last cue waits for samples that never come and is reported; sent late, it comes after the end.
            Assert.Equal(lead == "1 s" ? 1 : 0, result.Health["epochs"]["incomplete-epochs"]);
        }
    }
}
