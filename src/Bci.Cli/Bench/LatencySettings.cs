namespace Bci.Cli.Bench;

/// <summary>One latency run: the simulated device, how long and how it streams, how the pipeline windows it.</summary>
public sealed record LatencySettings
{
    /// <summary>Device profile id or path (hardware/*.json).</summary>
    public string Profile { get; init; } = "eegmmidb-bci2000-64";

    /// <summary>Sampling rate in Hz; null = the profile's nominal rate.</summary>
    public double? Rate { get; init; } = 1000;

    /// <summary>Seconds measured (after the warm-up).</summary>
    public double Duration { get; init; } = 20;

    /// <summary>Seconds streamed first and not measured (JIT, model warm-up, the consumer connecting).</summary>
    public double Warmup { get; init; } = 5;

    /// <summary>Window length in seconds.</summary>
    public double Window { get; init; } = 1;

    /// <summary>Seconds between window starts.</summary>
    public double Step { get; init; } = 0.1;

    /// <summary>Samples per LSL push (1 = sample by sample).</summary>
    public int PushChunk { get; init; } = 1;

    /// <summary>Most samples per chunk the pipeline's lsl.inlet emits (its `chunk` option).</summary>
    public int InletChunk { get; init; } = 32;

    /// <summary>Run the simulated device in its own process (as a vendor app is) instead of on a thread of this one.</summary>
    public bool SeparateProcess { get; init; }

    /// <summary>Band-pass edges in Hz.</summary>
    public double Low { get; init; } = 8;
    public double High { get; init; } = 30;

    public int Seed { get; init; } = 1;

    public IEnumerable<string> Problems()
    {
        if (!(Duration > 0) || Duration > 600) yield return $"--duration must be above 0 and at most 600 s (is {Duration})";
        if (Warmup < 0) yield return $"--warmup cannot be negative (is {Warmup})";
        if (!(Window > 0)) yield return $"--window must be positive (is {Window})";
        if (!(Step > 0)) yield return $"--step must be positive (is {Step})";
        if (Rate is { } r && !(r > 0)) yield return $"--rate must be positive (is {r})";
        if (InletChunk < 1) yield return $"--inlet-chunk must be at least 1 (is {InletChunk})";
        if (PushChunk < 1) yield return $"--push-chunk must be at least 1 (is {PushChunk})";
        if (!(Low > 0) || !(High > Low)) yield return $"the band {Low}-{High} Hz needs 0 < low < high";
    }
}
