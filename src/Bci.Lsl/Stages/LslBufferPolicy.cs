namespace Bci.Lsl.Stages;

/// <summary>What an inlet stage does when it falls behind.</summary>
public enum LslBufferPolicy
{
    /// <summary>Every sample, in order (bounded by the inlet's buffer; the oldest go first when it overflows, counted).</summary>
    KeepAll,

    /// <summary>Only the newest chunk's worth of samples; older waiting samples are dropped and counted (lowest latency).</summary>
    LatestOnly,
}
