using System.Reactive.Concurrency;
using System.Text.RegularExpressions;
using Bci.Core.Logging;
using Bci.Core.Time;
using Bci.Pipelines;
using Bci.Pipelines.Registry;
using Bci.Pipelines.Running;
using Bci.TestSupport;

namespace Bci.Alignment.Tests;

/// <summary>The shipped pipeline files, run in virtual time on the ground-truth simulator.</summary>
public sealed partial class PipelineFileTests
{
    private static (RunResult Result, MemoryLog Log) Run(string file, TimeSpan duration)
    {
        var pipeline = PipelineLoader.LoadFile(Path.Combine(TestData.RepositoryRoot, "pipelines", file), StageRegistry.ForBuiltIns());
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var time = new HistoricalScheduler(start);
        var log = new MemoryLog();
        var options = new RunOptions { Duration = duration, Scheduler = time, Clock = new SchedulerClock(time), Log = log, HandoffScheduler = _ => time };
        var (completion, _) = PipelineRunner.Start(pipeline, options);
        for (var step = 0; step < 100_000 && !completion.IsCompleted; step++)
        {
            time.AdvanceBy(TimeSpan.FromMilliseconds(10));
            if (time.Now - start > duration + TimeSpan.FromSeconds(1)) completion.Wait(TimeSpan.FromSeconds(10));
        }
        Assert.True(completion.Wait(TimeSpan.FromSeconds(30)), "the run did not complete");
        Assert.True(completion.Result.Succeeded, string.Join("; ", completion.Result.Errors.Select(e => e.Message)));
        return (completion.Result, log);
    }

    [Fact]
    public void VisualRetrieval_NamesUnseenGalleryItemsFarAboveChance()
    {
        var (result, log) = Run("visual-retrieval.yaml", TimeSpan.FromSeconds(30));
        var lines = log.Lines.Where(l => l.Source == "results" && l.Message.StartsWith("retrieve @", StringComparison.Ordinal)).Select(l => l.Message).ToList();
        Assert.InRange(lines.Count, 55, 61); // 2 epochs per second
        var top1 = lines.Count(l => ResultLine().Match(l) is { Success: true } m && m.Groups[1].Value == m.Groups[2].Value);
        // 200-way: chance is 0.3 of 60; the ceiling at -10 dB is ~1.0.
        Assert.True(top1 >= 30, $"top-1 correct in {top1} of {lines.Count} epochs");
        Assert.Equal(result.Health["top5"]["items"], result.Health["markers"]["items"]);
    }

    [Fact]
    public void MotorImageryReadout_EmitsAtTwentyHertzWithControlValue()
    {
        var (result, log) = Run("motor-imagery-readout.yaml", TimeSpan.FromSeconds(10));
        var emitted = result.Health["readout"]["items"] + result.Health["readout"]["dropped"];
        Assert.InRange(emitted, 195, 201);
        Assert.Contains(log.Lines, l => l.Source == "show" && l.Message.Contains("control=", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\((item\d+)\): (item\d+) ")]
    private static partial Regex ResultLine();
}
