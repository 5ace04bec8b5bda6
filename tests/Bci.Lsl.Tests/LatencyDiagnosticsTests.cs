using System.Diagnostics;
using Bci.Lsl.Benchmarks;

namespace Bci.Lsl.Tests;

/// <summary>How the transport benchmark reads a paced run: late samples, the stalls they form, collections in flight, the slowest.</summary>
public sealed class LatencyDiagnosticsTests
{
    [Fact]
    public void Diagnose_CountsStallsAndCollectionsInFlight_AndListsTheSlowestFirst()
    {
        const double rate = 1000;
        // 20 samples of 0.1 ms; samples 5-7 are one 3-sample stall (3, 2, 1.5 ms), and a GC completed between pulls 5
        // and 6 (so while 6 and 7 were in flight, after 5 had arrived); sample 15 is a lone 1.2 ms sample.
        var latencies = Enumerable.Repeat(0.1e-3, 20).ToArray();
        latencies[5] = 3e-3;
        latencies[6] = 2e-3;
        latencies[7] = 1.5e-3;
        latencies[15] = 1.2e-3;
        var collections = Enumerable.Range(0, 20).Select(i => i >= 6 ? 1 : 0).ToArray();
        var pulledAt = Enumerable.Range(0, 20).Select(i => (long)(i * Stopwatch.Frequency / rate)).ToArray();
        var push = new long[20];
        push[5] = Stopwatch.Frequency / 500; // 2 ms inside the push call
        var inBuffer = Enumerable.Repeat(0.05e-3, 20).ToArray();
        var runtime = new RuntimeCounters(1, 0, 0, 0.5, 2000, 3, 1.0);

        var d = TransportBenchmark.Diagnose(runtime, latencies, push, inBuffer, pulledAt, collections, new long[20], rate);

        Assert.Equal(4, d.SamplesOver1Ms);
        Assert.Equal(2, d.Stalls);
        Assert.Equal(2, d.LateSamplesWithCollection); // 6 and 7; not 5 (pulled before the collection completed) nor 15
        Assert.Equal(100, d.AllocatedBytesPerSample);
        Assert.Equal(1, d.Gen0Collections);
        Assert.Equal(3e-3 * 1e3, d.Worst[0].LatencyMs, 9);
        Assert.Equal(5.0, d.Worst[0].AtMs, 6);
        Assert.Equal(2.0, d.Worst[0].PushMs, 6);
        Assert.Equal(0, d.Worst[0].Collections);
        Assert.Equal(1, d.Worst[1].Collections);
        Assert.Equal([3.0, 2.0, 1.5, 1.2], d.Worst.Take(4).Select(w => Math.Round(w.LatencyMs, 6)));
        Assert.Equal(0, d.Worst[3].Collections);
        Assert.Equal(10, d.Worst.Count);
    }
}
