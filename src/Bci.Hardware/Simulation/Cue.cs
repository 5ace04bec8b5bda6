namespace Bci.Hardware.Simulation;

/// <summary>
/// One event of a simulated session: its onset (seconds after the session start), its marker value (T1/T2 for motor
/// imagery, the stimulus name for visual sessions), how long the task lasts, and for visual cues the stimulus index.
/// </summary>
public sealed record Cue(double Onset, string Value, double Duration, int Stimulus = -1)
{
    public double End => Onset + Duration;
}
