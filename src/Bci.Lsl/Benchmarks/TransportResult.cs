namespace Bci.Lsl.Benchmarks;

/// <summary>
/// One measured row: a backend, a chunk size, throughput, (for the paced run) latency percentiles, and the process
/// CPU time spent per sample moved (what the transport costs, less sensitive to other load than wall-clock rates).
/// </summary>
public sealed record TransportResult(string Backend, string Scenario, int ChunkSize, long Samples, double SamplesPerSecond, double LatencyP50Ms, double LatencyP99Ms, double LatencyMaxMs, long Lost, double CpuMicrosecondsPerSample)
{
    /// <summary>Runtime activity and tail breakdown of a paced latency run (null for throughput rows).</summary>
    public LatencyDiagnostics? Diagnostics { get; init; }
}
