using System.Reactive.Concurrency;
using Bci.Core.Logging;
using Bci.Core.Time;

namespace Bci.Pipelines.Running;

/// <summary>How to run a pipeline: for how long, on which scheduler and clock (virtual ones in tests), where to log.</summary>
public sealed record RunOptions
{
    /// <summary>Stop after this long (on <see cref="Scheduler"/>); null runs until the sources end or the run is cancelled.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Timing of sources and of the stop timer. Tests pass a HistoricalScheduler.</summary>
    public IScheduler Scheduler { get; init; } = DefaultScheduler.Instance;

    public IClock Clock { get; init; } = LslClock.Instance;

    public IPipelineLog Log { get; init; } = new TextWriterLog(Console.Error);

    /// <summary>
    /// Scheduler for a stage behind a latest-wins or block queue. Default: a dedicated thread per such stage per run.
    /// </summary>
    public Func<string, IScheduler>? HandoffScheduler { get; init; }

    /// <summary>How long sources get to complete after a stop before their subscriptions are cut.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);
}
