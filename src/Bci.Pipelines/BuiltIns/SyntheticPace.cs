namespace Bci.Pipelines.BuiltIns;

public enum SyntheticPace
{
    /// <summary>Chunks are emitted when their last sample would have been recorded (on the run's scheduler).</summary>
    Realtime,

    /// <summary>As fast as the pipeline consumes them (offline processing, benchmarks).</summary>
    Max,
}
