using Bci.Core.Health;
using Bci.Core.Stages;

namespace Bci.Pipelines.Running;

/// <summary>How a run ended: its errors (each naming a stage), the counters of every node, and how long it took.</summary>
public sealed record RunResult(IReadOnlyList<StageException> Errors, IReadOnlyDictionary<string, HealthCounters> Health, TimeSpan Elapsed, bool Stopped)
{
    public bool Succeeded => Errors.Count == 0;
}
