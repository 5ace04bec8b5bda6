using System.Reactive.Concurrency;
using Bci.Core.Logging;
using Bci.Core.Time;
using Bci.Hardware.Profiles;
using Bci.Pipelines;
using Bci.Pipelines.Registry;
using Bci.Pipelines.Running;
using Bci.TestSupport;

namespace Bci.Hardware.Tests;

/// <summary>Profiles of the repository and virtual-time pipeline runs for the hardware tests.</summary>
internal static class HardwareTestKit
{
    public static string HardwareFolder => Path.Combine(TestData.RepositoryRoot, "hardware");

    public static string ProfilePath(string id) => Path.Combine(HardwareFolder, id + ".json");

    public static DeviceProfile Profile(string id) => DeviceProfileReader.Load(ProfilePath(id));

    public static Pipeline Load(string yaml)
    {
        var registry = StageRegistry.ForBuiltIns();
        registry.Register(typeof(DeviceProfile).Assembly, "built-in"); // in case the test host has not loaded it yet
        return PipelineLoader.LoadText(yaml, "test.yaml", TestData.RepositoryRoot, registry);
    }

    /// <summary>Runs a pipeline in virtual time: advances the clock until the run completes, no sleeping.</summary>
    public static RunResult RunVirtual(Pipeline pipeline, TimeSpan duration, out MemoryLog log)
    {
        var origin = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var time = new HistoricalScheduler(origin);
        log = new MemoryLog();
        var options = new RunOptions
        {
            Duration = duration,
            Scheduler = time,
            Clock = new SchedulerClock(time),
            Log = log,
            HandoffScheduler = _ => time,
        };
        var run = PipelineRunner.Start(pipeline, options);
        for (var step = 0; step < 1_000_000 && !run.Completion.IsCompleted; step++)
        {
            time.AdvanceBy(TimeSpan.FromMilliseconds(10));
            if (time.Now - origin > duration + TimeSpan.FromSeconds(1)) run.Completion.Wait(TimeSpan.FromMilliseconds(50));
        }
        Assert.True(run.Completion.Wait(TimeSpan.FromSeconds(30)), "the run did not complete");
        return run.Completion.Result;
    }
}
