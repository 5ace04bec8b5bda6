using System.Reactive.Concurrency;
using Bci.Core.Logging;
using Bci.Core.Stages;
using Bci.Core.Time;

namespace Bci.Audio.Tests;

/// <summary>A stage context on a historical scheduler whose clock reads virtual seconds from 0.</summary>
internal sealed class VirtualTime
{
    public VirtualTime(string baseDirectory)
    {
        Scheduler = new HistoricalScheduler(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Clock = new SchedulerClock(Scheduler);
        Log = new MemoryLog();
        Context = new StageContext("audio", Scheduler, Clock, Log, baseDirectory: baseDirectory);
    }

    public HistoricalScheduler Scheduler { get; }
    public SchedulerClock Clock { get; }
    public MemoryLog Log { get; }
    public StageContext Context { get; }

    /// <summary>Advances in 1 ms steps until <paramref name="done"/> or <paramref name="limit"/> seconds.</summary>
    public void RunUntil(Func<bool> done, double limit)
    {
        while (!done() && Clock.Now < limit) Scheduler.AdvanceBy(TimeSpan.FromMilliseconds(1));
        Assert.True(done(), $"not done after {limit} s of virtual time");
    }

    public void At(double seconds, Action action) =>
        Scheduler.Schedule(Scheduler.Now + TimeSpan.FromSeconds(seconds - Clock.Now), action);
}
