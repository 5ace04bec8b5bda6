namespace Bci.Audio.Stages;

/// <summary>How fast the wav source emits.</summary>
public enum WavPace
{
    /// <summary>As the audio would play: each chunk when its last sample is due (on the run's scheduler).</summary>
    Realtime,

    /// <summary>As fast as the pipeline consumes (offline processing).</summary>
    Max,
}
