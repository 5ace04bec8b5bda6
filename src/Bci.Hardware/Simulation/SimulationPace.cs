namespace Bci.Hardware.Simulation;

public enum SimulationPace
{
    /// <summary>Each chunk is emitted when its last sample would have been recorded (on the run's scheduler).</summary>
    Realtime,

    /// <summary>As fast as the pipeline consumes (offline work, tests, benchmarks).</summary>
    Max,
}
