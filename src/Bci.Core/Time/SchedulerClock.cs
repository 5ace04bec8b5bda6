using System.Reactive.Concurrency;

namespace Bci.Core.Time;

/// <summary>A clock that reads a scheduler's time (virtual time in tests), as seconds since <see cref="Origin"/>.</summary>
public sealed class SchedulerClock(IScheduler scheduler, DateTimeOffset origin) : IClock
{
    public SchedulerClock(IScheduler scheduler) : this(scheduler, scheduler.Now) { }

    public DateTimeOffset Origin { get; } = origin;

    public double Now => (scheduler.Now - Origin).TotalSeconds;
}
