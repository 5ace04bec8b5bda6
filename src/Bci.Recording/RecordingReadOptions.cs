namespace Bci.Recording;

/// <summary>How timestamps of XDF streams are processed when a recording is opened (other formats use only ConvertToVolts and Progress where they apply).</summary>
public sealed record RecordingReadOptions
{
    /// <summary>Apply each stream's ClockOffset measurements (a robust linear fit per clock segment), as pyxdf's synchronize_clocks.</summary>
    public bool SynchronizeClocks { get; init; } = true;

    /// <summary>Detect clock resets (jumps in the offsets) and fit each clock segment separately, as pyxdf's handle_clock_resets.</summary>
    public bool HandleClockResets { get; init; } = true;

    /// <summary>Replace the timestamps of regular streams by a least-squares line per gap-free segment, as pyxdf's dejitter_timestamps.</summary>
    public bool Dejitter { get; init; }

    /// <summary>A gap longer than this many seconds starts a new segment when dejittering (pyxdf's jitter_break_threshold_seconds).</summary>
    public double JitterBreakThresholdSeconds { get; init; } = 1.0;

    /// <summary>Convert voltage channels (microvolts, millivolts) to the model's volts; false keeps the file's numbers and units.</summary>
    public bool ConvertToVolts { get; init; } = true;

    /// <summary>Receives the fraction (0..1) of the file processed while opening (XDF's index passes).</summary>
    public IProgress<double>? Progress { get; init; }

    /// <summary>A gap longer than this many sample periods also starts a new segment (pyxdf's jitter_break_threshold_samples).</summary>
    public double JitterBreakThresholdSamples { get; init; } = 500;
}
