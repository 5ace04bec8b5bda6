namespace Bci.Lsl.Benchmarks;

/// <summary>One measured row: a backend, a chunk size, throughput, and (for the paced run) latency percentiles.</summary>
public sealed record TransportResult(string Backend, string Scenario, int ChunkSize, long Samples, double SamplesPerSecond, double LatencyP50Ms, double LatencyP99Ms, double LatencyMaxMs, long Lost);
