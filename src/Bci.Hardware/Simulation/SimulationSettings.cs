namespace Bci.Hardware.Simulation;

/// <summary>
/// Everything that shapes a simulated session. Amplitudes are in microvolts for EEG; MEG channels use the same model
/// scaled to typical field strengths (see docs/hardware.md). The same settings and seed give the same signal,
/// sample for sample, whatever the chunking.
/// </summary>
public sealed record SimulationSettings
{
    public Paradigm Paradigm { get; init; } = Paradigm.MotorImagery;
    public int Seed { get; init; } = 1;

    /// <summary>Sampling rate; null = the profile's nominal rate.</summary>
    public double? Rate { get; init; }

    /// <summary>RMS of each channel's own 1/f background, microvolts.</summary>
    public double Background { get; init; } = 8;

    /// <summary>RMS of the 1/f component common to all channels (reference noise), microvolts.</summary>
    public double Common { get; init; } = 3;

    /// <summary>RMS of the occipital alpha rhythm at its source, microvolts.</summary>
    public double Alpha { get; init; } = 8;

    /// <summary>RMS of each sensorimotor mu rhythm at its source, microvolts.</summary>
    public double Mu { get; init; } = 7;

    /// <summary>RMS of each sensorimotor beta rhythm at its source, microvolts.</summary>
    public double Beta { get; init; } = 3;

    /// <summary>Mains frequency (50 or 60 Hz) and the amplitude of its pick-up, microvolts.</summary>
    public double LineFrequency { get; init; } = 50;
    public double Line { get; init; } = 2;

    /// <summary>RMS of the slow electrode drift (below 0.05 Hz) and of the constant electrode offsets, microvolts.</summary>
    public double Drift { get; init; } = 10;
    public double Offset { get; init; } = 30;

    /// <summary>
    /// Motor imagery: fraction by which the contralateral mu/beta amplitude drops during imagery (0.4 = 40 %, a power
    /// drop of 64 %); the ipsilateral side drops by a fifth of that. Each trial's depth varies by +-50 %.
    /// </summary>
    public double ErdDepth { get; init; } = 0.4;

    /// <summary>Fraction of motor-imagery trials in which the simulated person does not imagine (no ERD).</summary>
    public double Lapses { get; init; } = 0.1;

    /// <summary>Seconds from a cue to the end of imagery, and the range of the pause before the next cue.</summary>
    public double Imagery { get; init; } = 4;
    public double RestMin { get; init; } = 2;
    public double RestMax { get; init; } = 3;

    /// <summary>Seconds before the first cue.</summary>
    public double FirstCue { get; init; } = 2;

    /// <summary>Visual: seconds between stimulus onsets (plus up to <see cref="StimulusJitter"/>), and how many distinct stimuli.</summary>
    public double StimulusInterval { get; init; } = 1.0;
    public double StimulusJitter { get; init; } = 0.2;

    /// <summary>Visual: how strongly the latent shapes the evoked response, microvolts per unit of (W z).</summary>
    public double ErpGain { get; init; } = 16;

    /// <summary>Visual: the stimuli and their latents; null = <see cref="StimulusSet.Synthetic"/> with 12 items.</summary>
    public StimulusSet? Stimuli { get; init; }

    public FaultSettings Faults { get; init; } = new();

    public IEnumerable<string> Validate()
    {
        if (Rate is <= 0) yield return "rate must be positive";
        foreach (var (name, value) in new[] { ("background", Background), ("common", Common), ("alpha", Alpha), ("mu", Mu), ("beta", Beta), ("line", Line), ("drift", Drift), ("offset", Offset), ("erp", ErpGain) })
            if (value < 0 || !double.IsFinite(value)) yield return $"{name} must be a finite amplitude >= 0";
        if (ErdDepth is < 0 or > 1) yield return $"erd must be between 0 and 1, not {ErdDepth}";
        if (Lapses is < 0 or > 1) yield return $"lapses must be between 0 and 1, not {Lapses}";
        if (Imagery <= 0) yield return "imagery must be positive";
        if (RestMin < 0 || RestMax < RestMin) yield return "rest needs 0 <= rest-min <= rest-max";
        if (StimulusInterval <= 0.3) yield return "stimulus-interval must be above 300 ms (the evoked response lasts that long)";
        foreach (var problem in Faults.Validate()) yield return problem;
    }
}
