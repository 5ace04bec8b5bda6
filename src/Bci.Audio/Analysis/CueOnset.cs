namespace Bci.Audio.Analysis;

/// <summary>One cue marker and the sound onset found for it in the WAV (null when none is within the tolerance).</summary>
public sealed record CueOnset(string Value, double MarkerTime, double? SoundTime)
{
    /// <summary>Sound onset minus marker time, in seconds (positive: the sound came later).</summary>
    public double? Difference => SoundTime - MarkerTime;
}
