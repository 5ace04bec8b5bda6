using System.Reactive.Concurrency;
using Bci.Core.Logging;
using Bci.Core.Time;
using Bci.Pipelines.Registry;
using Bci.Pipelines.Running;

namespace Bci.Pipelines.Tests;

/// <summary>Builds registries and virtual-time run options for the pipeline tests.</summary>
internal static class PipelineTestKit
{
    public static StageRegistry Registry()
    {
        var registry = StageRegistry.ForBuiltIns();
        Assert.Empty(registry.Register(typeof(PipelineTestKit).Assembly, "test"));
        return registry;
    }

    public static Pipeline Load(string yaml) => PipelineLoader.LoadText(yaml, "test.yaml", AppContext.BaseDirectory, Registry());

    public static (RunOptions Options, HistoricalScheduler Time, MemoryLog Log) VirtualTime(TimeSpan? duration = null)
    {
        var time = new HistoricalScheduler(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var log = new MemoryLog();
        var options = new RunOptions
        {
            Duration = duration,
            Scheduler = time,
            Clock = new SchedulerClock(time),
            Log = log,
            HandoffScheduler = _ => time,
        };
        return (options, time, log);
    }

    /// <summary>Runs a pipeline in virtual time: advances the clock until the run completes, no sleeping.</summary>
    public static RunResult RunVirtual(Pipeline pipeline, TimeSpan duration, out MemoryLog log)
    {
        var (options, time, memoryLog) = VirtualTime(duration);
        log = memoryLog;
        var (completion, _) = PipelineRunner.Start(pipeline, options);
        for (var step = 0; step < 100_000 && !completion.IsCompleted; step++)
        {
            time.AdvanceBy(TimeSpan.FromMilliseconds(10));
            if (time.Now - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) > duration + TimeSpan.FromSeconds(1))
                completion.Wait(TimeSpan.FromSeconds(10));
        }
        Assert.True(completion.Wait(TimeSpan.FromSeconds(30)), "the run did not complete");
        return completion.Result;
    }
}
