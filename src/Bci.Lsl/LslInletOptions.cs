using Bci.Core.Time;
using Bci.Lsl.Config;

namespace Bci.Lsl;

/// <summary>Settings of an inlet; the defaults are liblsl's.</summary>
public sealed record LslInletOptions
{
    public LslConfig? Config { get; init; }

    /// <summary>Local buffer in seconds of data (irregular streams: hundreds of samples), liblsl's max_buflen; oldest samples are dropped beyond it.</summary>
    public double MaxBufferSeconds { get; init; } = 360;

    /// <summary>Max-Chunk-Length asked of the outlet (samples, 0 = outlet decides).</summary>
    public int MaxChunkLength { get; init; }

    /// <summary>Reconnect when the outlet goes away: to the same uid, or to a replacement with the same source_id.</summary>
    public bool Recover { get; init; } = true;

    public LslProcessing Processing { get; init; } = LslProcessing.None;

    /// <summary>
    /// When above 0, a pull that finds no data fails with a TimeoutException naming the stream once nothing has
    /// arrived for this many seconds (since the inlet started, or since the last sample): a silent stream becomes an
    /// error instead of endless empty pulls. 0 (liblsl's behaviour): pulls just return nothing.
    /// </summary>
    public double SilenceTimeoutSeconds { get; init; }

    /// <summary>
    /// Microseconds a pull that finds the buffer empty spins (watching for a sample) before it blocks. Spinning saves
    /// the wake-up of a blocked thread (tens of microseconds) when the next sample is that close, at the cost of a
    /// busy core while it spins; 0 (the default): block at once. Managed inlet only.
    /// </summary>
    public double PullSpinMicroseconds { get; init; }

    public IClock Clock { get; init; } = LslClock.Instance;

    /// <summary>Receives one line per connection problem, recovery or gap.</summary>
    public Action<string>? Log { get; init; }
}
