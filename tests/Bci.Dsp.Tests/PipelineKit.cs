using System.Reactive.Concurrency;
using Bci.Core.Logging;
using Bci.Core.Time;
using Bci.Pipelines;
using Bci.Pipelines.Registry;
using Bci.Pipelines.Running;

namespace Bci.Dsp.Tests;

/// <summary>Loads pipelines with the built-in stages (dsp.* among them) plus this assembly's test stages and runs them in virtual time.</summary>
internal static class PipelineKit
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Pipeline Load(string yaml)
    {
        var registry = StageRegistry.ForBuiltIns();
        Assert.Empty(registry.Register(typeof(PipelineKit).Assembly, "test"));
        return PipelineLoader.LoadText(yaml, "test.yaml", AppContext.BaseDirectory, registry);
    }

    public static RunResult RunVirtual(Pipeline pipeline, TimeSpan duration, out MemoryLog log)
    {
        var time = new HistoricalScheduler(Origin);
        log = new MemoryLog();
        var options = new RunOptions
        {
            Duration = duration,
            Scheduler = time,
            Clock = new SchedulerClock(time),
            Log = log,
            HandoffScheduler = _ => time,
        };
        var (completion, _) = PipelineRunner.Start(pipeline, options);
        for (var step = 0; step < 100_000 && !completion.IsCompleted; step++)
        {
            time.AdvanceBy(TimeSpan.FromMilliseconds(10));
            if (time.Now - Origin > duration + TimeSpan.FromSeconds(1)) completion.Wait(TimeSpan.FromSeconds(10));
        }
        Assert.True(completion.Wait(TimeSpan.FromSeconds(30)), "the run did not complete");
        return completion.Result;
    }
}
