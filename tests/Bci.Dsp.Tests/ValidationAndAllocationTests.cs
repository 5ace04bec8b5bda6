using System.Reactive.Subjects;
using Bci.Core.Streams;
using Bci.Dsp.Stages;
using Bci.Pipelines.Files;

namespace Bci.Dsp.Tests;

public sealed class ValidationAndAllocationTests
{
    [Fact]
    public void InconsistentOptions_AreReportedWhenThePipelineFileIsLoaded()
    {
        var e = Assert.Throws<PipelineValidationException>(() => PipelineKit.Load("""
            sources:
              - id: amp
                uses: synthetic
            stages:
              - id: band
                uses: dsp.bandpass
                with: { low: 30 Hz, high: 8 Hz }
              - id: epochs
                uses: dsp.epoch
                input: { data: band, markers: amp }
                with: { tmin: 1 s, tmax: 0.5 s, baseline: [0 s] }
            sinks:
              - uses: stats
                input: band
            """));
        var text = string.Join("\n", e.Problems.Select(p => p.ToString()));
        Assert.Contains("high (8 Hz) must be above low (30 Hz)", text);
        Assert.Contains("tmax (0.5 s) must be after tmin (1 s)", text);
        Assert.Contains("baseline needs two values", text);
    }

    [Fact]
    public void Window_AllocatesOnlyTheWindowsOwnArray_InSteadyState()
    {
        // Not a timing test: counts bytes allocated on this thread while 10 s of 32 channels pass through dsp.window.
        var stream = StageHarness.Stream(32, 500);
        var chunks = StageHarness.Chunks(stream, StageHarness.Signal(10_000, 32, 500), [20]);
        var input = new Subject<SampleChunk>();
        var windows = 0;
        using var subscription = new WindowStage { Length = 0.5, Step = 0.1 }.Apply(input, StageHarness.Context(out _)).Subscribe(_ => windows++);
        foreach (var c in chunks.Take(100)) input.OnNext(c);   // the ring is sized on the first chunk
        var before = GC.GetAllocatedBytesForCurrentThread();
        var windowsBefore = windows;
        foreach (var c in chunks.Skip(100)) input.OnNext(c);
        var perWindow = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / (windows - windowsBefore);
        var payload = 32 * 250 * sizeof(double);
        Assert.Equal(196 - 36, windows - windowsBefore);   // 196 windows in all (starts 0, 50, ..., 9750), 36 end within the first 2000 samples
        Assert.InRange(perWindow, payload, payload + 256);
    }
}
