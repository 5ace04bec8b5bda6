namespace Bci.Hardware.Simulation;

/// <summary>
/// Faults a simulated device can have, for testing that pipelines survive them. All zero by default (no faults).
/// </summary>
public sealed record FaultSettings
{
    /// <summary>Average number of dropouts per minute (a Poisson process); each loses <see cref="DropoutLength"/> samples.</summary>
    public double DropoutsPerMinute { get; init; }

    /// <summary>Samples lost in one dropout.</summary>
    public int DropoutLength { get; init; } = 25;

    /// <summary>Standard deviation of the Gaussian jitter added to each timestamp, in seconds.</summary>
    public double Jitter { get; init; }

    /// <summary>When the device disconnects, in seconds after the start; 0 = never.</summary>
    public double DisconnectAt { get; init; }

    /// <summary>How long the device stays disconnected before it reconnects, in seconds (its samples are lost).</summary>
    public double DisconnectFor { get; init; } = 2;

    /// <summary>How fast the device's clock runs against the LSL clock, in parts per million (positive: fast).</summary>
    public double ClockDriftPpm { get; init; }

    public bool Any => DropoutsPerMinute > 0 || Jitter > 0 || DisconnectAt > 0 || ClockDriftPpm != 0;

    public IEnumerable<string> Validate()
    {
        if (DropoutsPerMinute < 0) yield return "dropouts cannot be negative";
        if (DropoutLength < 1) yield return "dropout-length must be at least 1 sample";
        if (Jitter < 0) yield return "jitter cannot be negative";
        if (DisconnectAt < 0) yield return "disconnect-at cannot be negative";
        if (DisconnectFor <= 0) yield return "disconnect-for must be positive";
        if (Math.Abs(ClockDriftPpm) > 10_000) yield return "clock-drift must be within +-10000 ppm";
    }
}
