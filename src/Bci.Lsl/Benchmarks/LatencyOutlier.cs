namespace Bci.Lsl.Benchmarks;

/// <summary>
/// One of the slowest samples of a paced latency run: when it was pulled (ms after the counted part began), its
/// push-to-pull latency, how much of it the push call itself took (a pushing thread preempted there), how much it spent waiting in the inlet's local buffer for the puller (managed
/// inlet only, else NaN), and the garbage collections and JIT compilations that completed while it was in flight.
/// </summary>
public sealed record LatencyOutlier(double AtMs, double LatencyMs, double PushMs, double InBufferMs, int Collections, long JitCompilations);
