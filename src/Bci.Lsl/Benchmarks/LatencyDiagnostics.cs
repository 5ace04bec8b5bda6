namespace Bci.Lsl.Benchmarks;

/// <summary>
/// What the runtime did during the counted part of a paced latency run (whole process: pusher, puller and the
/// implementation's threads): garbage collections per generation, their total pause, bytes allocated per sample,
/// methods the JIT compiled (tier-up included), and where the tail fell: samples over 1 ms, the stalls they form
/// (runs of consecutive late samples), how many had a collection in flight, the 99th percentile of the time spent
/// inside the push call and (managed inlet) waiting in the inlet's buffer, and the slowest samples.
/// </summary>
public sealed record LatencyDiagnostics(
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double GcPauseMs,
    double AllocatedBytesPerSample,
    long JitCompilations,
    double JitMs,
    int SamplesOver1Ms,
    int Stalls,
    int LateSamplesWithCollection,
    double PushCallP99Ms,
    double BufferWaitP99Ms,
    IReadOnlyList<LatencyOutlier> Worst);
