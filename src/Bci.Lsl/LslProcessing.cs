namespace Bci.Lsl;

/// <summary>Timestamp post-processing applied when samples are pulled (liblsl's proc_* flags, same values).</summary>
[Flags]
public enum LslProcessing
{
    None = 0,

    /// <summary>Add the current time correction (outlet clock to local clock).</summary>
    ClockSync = 1,

    /// <summary>Smooth timestamps with a recursive least-squares line over the sample index (regular streams).</summary>
    Dejitter = 2,

    /// <summary>Never return a timestamp smaller than the previous one.</summary>
    Monotonize = 4,

    All = ClockSync | Dejitter | Monotonize,
}
