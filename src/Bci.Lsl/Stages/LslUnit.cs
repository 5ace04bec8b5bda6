namespace Bci.Lsl.Stages;

/// <summary>Unit an outlet stage publishes in (the pipeline holds volts).</summary>
public enum LslUnit
{
    /// <summary>Microvolts, the usual unit of EEG streams on LSL.</summary>
    Microvolts,

    /// <summary>Volts, unscaled.</summary>
    Volts,
}
