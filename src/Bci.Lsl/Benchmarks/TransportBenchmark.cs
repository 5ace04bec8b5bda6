using System.Diagnostics;
using Bci.Core.Streams;
using Bci.Core.Time;
using Bci.Lsl.Config;
using Bci.Lsl.Info;
using Bci.Lsl.Managed;

namespace Bci.Lsl.Benchmarks;

/// <summary>
/// Loopback push-to-pull measurements of one backend (outlet and inlet of the same implementation, one process,
/// real sockets): latency of a 64-channel float32 stream paced at 1 kHz (sample stamped with the clock at push,
/// latency = clock at pull - stamp), and throughput when pushing chunks of 1, 32 or 256 samples as fast as possible.
/// </summary>
public sealed class TransportBenchmark(ILslBackend backend, LslConfig config)
{
    public int Channels { get; init; } = 64;

    /// <summary>Seconds pushed and pulled before the paced latency run starts counting (steady state).</summary>
    public double WarmUpSeconds { get; init; } = 0.5;

    /// <summary>Microseconds a managed inlet's pull spins before blocking (<see cref="LslInletOptions.PullSpinMicroseconds"/>).</summary>
    public double PullSpinMicroseconds { get; init; }

    /// <summary>
    /// How the paced run waits for each sample's due time: spin (exact 1 ms spacing, but the pacing thread is always
    /// runnable, so a loaded scheduler preempts it first — inside a push too) or sleep 1 ms between pushes and push
    /// every sample that has come due (the pacing thread is mostly asleep, like a driver waiting for its device;
    /// Linux sleeps ~1.05-1.1 ms, so now and then two samples go back to back).
    /// </summary>
    public bool SleepPacing { get; init; }

    public TransportResult Latency(double seconds = 5, double rate = 1000)
    {
        using var pair = Pair(rate, "lat");
        var managed = pair.Inlet as LslInlet;
        // The warm-up is pushed and pulled but not counted: steady state, after the JIT has compiled the managed
        // paths (liblsl is native code from the start).
        var warmUp = (int)(WarmUpSeconds * rate);
        var total = warmUp + (int)(seconds * rate);
        var latencies = new double[total];
        var inBuffer = new double[total];
        var pulledAt = new long[total];
        var collectionsAt = new int[total];
        var jitAt = new long[total];
        var pushTicks = new long[total]; // time inside the push call (the pushing thread preempted there shows up here)
        var received = 0;
        Exception? failure = null;
        var receiver = LslThreads.Start("lsl-bench-latency", () =>
        {
            try
            {
                // One sample per pull with a blocking timeout: liblsl's pull_chunk waits for a full buffer, pull_sample does not.
                var values = new float[Channels];
                Span<double> stamp = stackalloc double[1];
                Span<long> arrival = stackalloc long[1];
                while (received < total)
                {
                    var n = managed is not null ? managed.PullChunk<float>(values, stamp, 1.0, arrival) : pair.Inlet.PullChunk<float>(values, stamp, 1.0);
                    if (n == 0) break;
                    var now = Stopwatch.GetTimestamp();
                    latencies[received] = now / (double)Stopwatch.Frequency - stamp[0];
                    inBuffer[received] = managed is not null ? (now - arrival[0]) / (double)Stopwatch.Frequency : double.NaN;
                    pulledAt[received] = now;
                    collectionsAt[received] = GC.CollectionCount(0); // every collection, whatever its generation
                    jitAt[received] = System.Runtime.JitInfo.GetCompiledMethodCount();
                    received++;
                }
            }
            catch (Exception e)
            {
                failure = e; // reported on the calling thread below
            }
        }, null, ThreadPriority.AboveNormal);
        var sample = new float[Channels];
        var period = Stopwatch.Frequency / rate;
        RuntimeCounters counted = default;
        double cpuProcess = double.NaN, cpuPacer = double.NaN;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * period);
            if (SleepPacing)
            {
                while (Stopwatch.GetTimestamp() < due) Thread.Sleep(1);
            }
            else
            {
                while (Stopwatch.GetTimestamp() < due)
                    if (due - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 2000) Thread.Sleep(0); else Thread.SpinWait(20);
            }
            if (i == warmUp)
            {
                cpuProcess = ThreadCpu.ProcessSeconds();
                cpuPacer = ThreadCpu.CurrentThreadSeconds();
                counted = RuntimeCounters.Read(); // last: the CPU readings allocate
            }
            sample[0] = i;
            var stamp = Stopwatch.GetTimestamp();
            pair.Outlet.PushSample<float>(sample, stamp / (double)Stopwatch.Frequency); // = LslClock.LocalClock()
            pushTicks[i] = Stopwatch.GetTimestamp() - stamp;
        }
        receiver.Join();
        var runtime = RuntimeCounters.Read() - counted; // first: the CPU readings allocate
        // CPU of everything but the pacing thread (which spins; the pushes themselves are in its share): the puller
        // and the implementation's threads. The pacer's CPU read after the join is its CPU at the end of pacing.
        var transportCpu = ThreadCpu.ProcessSeconds() - cpuProcess - (ThreadCpu.CurrentThreadSeconds() - cpuPacer);
        if (failure is not null) throw new InvalidOperationException($"{backend.Name} latency receiver failed: {failure.Message}", failure);
        var from = Math.Min(warmUp, received);
        var measured = latencies.AsSpan(from, received - from).ToArray();
        var diagnostics = Diagnose(runtime, measured, pushTicks[from..received], inBuffer[from..received], pulledAt[from..received], collectionsAt[from..received], jitAt[from..received], rate);
        Array.Sort(measured);
        return new TransportResult(backend.Name, $"paced {rate:0} Hz{(SleepPacing ? ", sleeping" : "")}", 1, measured.Length, double.NaN,
            Percentile(measured, 50) * 1e3, Percentile(measured, 99) * 1e3, measured.Length > 0 ? measured[^1] * 1e3 : double.NaN, total - received,
            transportCpu / Math.Max(1, measured.Length) * 1e6)
        { Diagnostics = diagnostics };
    }

    internal static LatencyDiagnostics Diagnose(RuntimeCounters runtime, double[] latencies, long[] pushTicks, double[] inBuffer, long[] pulledAt, int[] collectionsAt, long[] jitAt, double rate)
    {
        var n = latencies.Length;
        var late = 0;
        var stalls = 0;
        var lateWithCollection = 0;
        // The sample pulled just before sample i was pushed: what completed between that pull and pull i happened while i was in flight.
        int Before(int i) => Math.Max(0, i - (int)Math.Ceiling(latencies[i] * rate) - 1);
        for (var i = 0; i < n; i++)
        {
            if (latencies[i] <= 1e-3) continue;
            late++;
            if (i == 0 || latencies[i - 1] <= 1e-3) stalls++;
            if (collectionsAt[i] > collectionsAt[Before(i)]) lateWithCollection++;
        }
        var order = Enumerable.Range(0, n).ToArray();
        var keys = (double[])latencies.Clone();
        Array.Sort(keys, order);
        var worst = new List<LatencyOutlier>();
        var origin = n > 0 ? pulledAt[0] : 0;
        for (var k = n - 1; k >= Math.Max(0, n - 10); k--)
        {
            var i = order[k];
            worst.Add(new LatencyOutlier((pulledAt[i] - origin) * 1e3 / Stopwatch.Frequency, latencies[i] * 1e3, pushTicks[i] * 1e3 / Stopwatch.Frequency, inBuffer[i] * 1e3,
                collectionsAt[i] - collectionsAt[Before(i)], jitAt[i] - jitAt[Before(i)]));
        }
        var buffered = (double[])inBuffer.Clone();
        Array.Sort(buffered);
        var pushes = pushTicks.Select(t => t / (double)Stopwatch.Frequency).ToArray();
        Array.Sort(pushes);
        return new LatencyDiagnostics(runtime.Gen0, runtime.Gen1, runtime.Gen2, runtime.PauseMs, n > 0 ? runtime.AllocatedBytes / (double)n : double.NaN,
            runtime.JitCompilations, runtime.JitMs, late, stalls, lateWithCollection, Percentile(pushes, 99) * 1e3, Percentile(buffered, 99) * 1e3, worst);
    }

    public TransportResult Throughput(int chunk, double seconds = 2)
    {
        using var pair = Pair(1000, "thr" + chunk);
        long received = 0;
        long lastReceive = 0;
        long pushed = 0;
        // At most this many samples in flight, so the figure is what the transport sustains end to end,
        // not how fast the pusher fills buffers.
        const long window = 16384;
        var pushing = true;
        Exception? failure = null;
        var receiver = LslThreads.Start("lsl-bench-throughput", () =>
        {
            try { Receive(); }
            catch (Exception e) { failure = e; }
        }, null);
        void Receive()
        {
            var values = new float[Channels * 1024];
            var stamps = new double[1024];
            // Non-blocking pulls (timeout 0 returns what is there in both implementations), sleeping 1 ms when empty
            // (no busy polling, which would count as transport CPU). Ends when everything pushed has arrived, or
            // after 3 s without data once pushing stopped (then the rest counts as lost).
            var idleSince = Stopwatch.GetTimestamp();
            while (true)
            {
                var n = pair.Inlet.PullChunk<float>(values, stamps, 0.0);
                if (n > 0)
                {
                    Interlocked.Add(ref received, n);
                    lastReceive = idleSince = Stopwatch.GetTimestamp();
                    continue;
                }
                if (!Volatile.Read(ref pushing) && (Interlocked.Read(ref received) >= Interlocked.Read(ref pushed) || Stopwatch.GetTimestamp() - idleSince > 3 * Stopwatch.Frequency)) break;
                Thread.Sleep(1);
            }
        }
        var data = new float[Channels * chunk];
        var stampsOut = new double[chunk];
        var cpu = CpuSeconds();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            while (pushed - Interlocked.Read(ref received) > window && Stopwatch.GetTimestamp() < end) Thread.Sleep(1);
            var now = LslClock.LocalClock();
            for (var i = 0; i < chunk; i++) stampsOut[i] = now;
            if (chunk == 1) pair.Outlet.PushSample<float>(data, now);
            else pair.Outlet.PushChunk<float>(data, stampsOut);
            Interlocked.Add(ref pushed, chunk);
        }
        Volatile.Write(ref pushing, false);
        receiver.Join();
        cpu = CpuSeconds() - cpu;
        if (failure is not null) throw new InvalidOperationException($"{backend.Name} throughput receiver failed: {failure.Message}", failure);
        var elapsed = (lastReceive - start) / (double)Stopwatch.Frequency;
        return new TransportResult(backend.Name, "max rate", chunk, received, received / elapsed, double.NaN, double.NaN, double.NaN, pushed - received, cpu / Math.Max(1, received) * 1e6);
    }

    private sealed class OutletInlet(ILslOutlet outlet, ILslInlet inlet) : IDisposable
    {
        public ILslOutlet Outlet { get; } = outlet;
        public ILslInlet Inlet { get; } = inlet;

        public void Dispose()
        {
            Inlet.Dispose();
            Outlet.Dispose();
        }
    }

    private OutletInlet Pair(double rate, string tag)
    {
        var name = $"bench-{tag}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        var outlet = backend.CreateOutlet(new LslStreamInfo(name, "EEG", Channels, rate, ChannelFormat.Float32, name), new LslOutletOptions { Config = config });
        var found = backend.CreateResolver(config).Resolve(LslQuery.Property("name", name), 1, 5);
        if (found.Count == 0) throw new TimeoutException($"benchmark stream '{name}' not found on loopback");
        var inlet = backend.CreateInlet(found[0], new LslInletOptions { Config = config, PullSpinMicroseconds = PullSpinMicroseconds });
        inlet.Open(5);
        outlet.WaitForConsumers(5);
        Thread.Sleep(200);
        return new OutletInlet(outlet, inlet);
    }

    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = p / 100 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
