using Bci.Core.Time;
using Bci.Lsl.Config;

namespace Bci.Lsl;

/// <summary>Settings of an outlet; the defaults are liblsl's.</summary>
public sealed record LslOutletOptions
{
    /// <summary>Ports, session id and discovery settings (lsl_api.cfg); default: loaded as liblsl loads it.</summary>
    public LslConfig? Config { get; init; }

    /// <summary>Per-inlet send buffer in seconds of data (irregular streams: hundreds of samples), as liblsl's max_buffered.</summary>
    public double MaxBufferedSeconds { get; init; } = 360;

    /// <summary>The clock for "now" timestamps, created_at and time-correction replies (tests inject offsets here).</summary>
    public IClock Clock { get; init; } = LslClock.Instance;

    /// <summary>Receives one line per rejected connection or other trouble that does not stop the outlet.</summary>
    public Action<string>? Log { get; init; }
}
