using Bci.Core.Streams;
using Bci.Lsl.Info;

namespace Bci.Lsl.Tests;

/// <summary>
/// The managed transport's steady state allocates nothing (so no garbage collection pauses a live stream): pushes
/// that the feed sends at once, the inlet's receiving thread, and pulls with a timeout. Counted per thread, so tests
/// running in parallel in the same process cannot disturb the figures.
/// </summary>
public sealed class SteadyStateAllocationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(200)] // pulls that spin before blocking
    public void PushReceivePull_OneSampleAtATime_AllocateNothingAfterWarmUp(double pullSpinMicroseconds)
    {
        var name = Loopback.UniqueName("alloc");
        using var outlet = new LslOutlet(new LslStreamInfo(name, "EEG", 64, 1000, ChannelFormat.Float32, name), new LslOutletOptions { Config = Loopback.Config });
        using var inlet = new LslInlet(Loopback.ResolveOne(name), new LslInletOptions { Config = Loopback.Config, PullSpinMicroseconds = pullSpinMicroseconds });
        inlet.Open(5);
        Assert.True(outlet.WaitForConsumers(5), $"outlet '{name}' saw no consumer");
        var sample = new float[64];
        var received = new float[64];
        void RoundTrip(int i, ref long pushBytes, ref long pullBytes)
        {
            sample[0] = i;
            var before = GC.GetAllocatedBytesForCurrentThread();
            outlet.PushSample<float>(sample, 1000 + i * 1e-3);
            var pushed = GC.GetAllocatedBytesForCurrentThread();
            var got = inlet.TryPullSample<float>(received, 5, out var ts);
            var pulled = GC.GetAllocatedBytesForCurrentThread();
            if (!got) Assert.Fail($"sample {i} did not arrive within 5 s"); // the message is only built when needed: it would count as the pull's allocation
            Assert.Equal(i, received[0]);
            Assert.Equal(1000 + i * 1e-3, ts);
            pushBytes += pushed - before;
            pullBytes += pulled - pushed;
        }
        long ignored = 0, alsoIgnored = 0;
        for (var i = 0; i < 300; i++) RoundTrip(i, ref ignored, ref alsoIgnored); // first calls: JIT, lazily made locks and events
        var receiveBefore = inlet.ReceiveThreadAllocatedBytes;
        long pushBytes = 0, pullBytes = 0;
        for (var i = 300; i < 2300; i++) RoundTrip(i, ref pushBytes, ref pullBytes);
        var receiveBytes = inlet.ReceiveThreadAllocatedBytes - receiveBefore;
        Assert.True(pushBytes == 0, $"2000 pushes allocated {pushBytes} bytes on the pushing thread");
        Assert.True(pullBytes == 0, $"2000 pulls allocated {pullBytes} bytes on the pulling thread");
        Assert.True(receiveBytes == 0, $"receiving 2000 samples allocated {receiveBytes} bytes on the inlet's thread");
    }

    [Fact]
    public void SpinningPull_OnASilentStream_StillWaitsItsWholeTimeoutAndReturnsNothing()
    {
        var name = Loopback.UniqueName("spin-silent");
        using var outlet = new LslOutlet(new LslStreamInfo(name, "EEG", 4, 100, ChannelFormat.Float32, name), new LslOutletOptions { Config = Loopback.Config });
        using var inlet = new LslInlet(Loopback.ResolveOne(name), new LslInletOptions { Config = Loopback.Config, PullSpinMicroseconds = 50 });
        inlet.Open(5);
        var values = new float[4];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(inlet.TryPullSample<float>(values, 0.2, out _));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.19), $"the pull returned after {watch.Elapsed.TotalSeconds:0.###} s of its 0.2 s timeout");
        Assert.False(inlet.TryPullSample<float>(values, 0, out _)); // no timeout: no spinning, no waiting
        outlet.PushSample<float>([1, 2, 3, 4], 5.0);
        Assert.True(inlet.TryPullSample<float>(values, 5, out var ts));
        Assert.Equal(5.0, ts);
        Assert.Equal([1f, 2f, 3f, 4f], values);
    }

    [Fact]
    public void QueuedPush_KeepsItsOwnCopy_LaterPushesDoNotOverwriteIt()
    {
        // A push the feed cannot send at once is queued; the outlet reuses its serialisation buffer for the next push,
        // so the queued one must be a copy. A burst far larger than the socket buffer forces queueing.
        var name = Loopback.UniqueName("alloc-burst");
        using var pair = StreamPair.Open(Loopback.Managed, Loopback.Managed, new LslStreamInfo(name, "EEG", 64, 1000, ChannelFormat.Float32, name));
        var sample = new float[64];
        const int count = 20_000;
        for (var i = 0; i < count; i++)
        {
            Array.Fill(sample, i);
            pair.Outlet.PushSample<float>(sample, 1000 + i * 1e-3);
        }
        var received = new float[64 * 1024];
        var stamps = new double[1024];
        var next = 0;
        while (next < count)
        {
            var n = pair.Inlet.PullChunk<float>(received, stamps, 5);
            Assert.True(n > 0, $"only {next} of {count} samples arrived");
            for (var s = 0; s < n; s++, next++)
            {
                Assert.Equal(1000 + next * 1e-3, stamps[s]);
                for (var c = 0; c < 64; c++) Assert.True(received[s * 64 + c] == next, $"sample {next} channel {c} carries {received[s * 64 + c]}");
            }
        }
    }
}
