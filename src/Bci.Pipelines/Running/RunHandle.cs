using Bci.Core.Health;

namespace Bci.Pipelines.Running;

/// <summary>
/// A run in progress: its completion, a way to stop it (sources complete, sinks flush), and every node's health
/// counters, readable live (the terminal view polls them).
/// </summary>
public sealed record RunHandle(Task<RunResult> Completion, Action Stop)
{
    public required IReadOnlyDictionary<string, HealthCounters> Health { get; init; }
}
