namespace Bci.Recording.Stages;

/// <summary>How fast a replay source emits.</summary>
public enum ReplayPace
{
    /// <summary>As recorded, scaled by the speed option (1 = real time, 2 = twice as fast).</summary>
    Original,

    /// <summary>As fast as the pipeline consumes (offline processing, benchmarks).</summary>
    Max,
}
