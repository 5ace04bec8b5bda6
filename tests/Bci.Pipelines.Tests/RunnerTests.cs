using Bci.Core.Logging;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Pipelines.Running;

namespace Bci.Pipelines.Tests;

public sealed class RunnerTests
{
    private const string Signal = """
        sources:
          - id: signal
            uses: synthetic
            with: { channels: 4, rate: 100 Hz, chunk: 10, frequencies: [5 Hz], amplitude: 10 uV, noise: 0 uV }
        """;

    [Fact]
    public void SyntheticIntoCollector_InVirtualTime_DeliversExactlyTheSamplesOfTheDuration()
    {
        var collected = new List<SampleChunk>();
        CollectSink.Target.Value = collected;
        var pipeline = PipelineTestKit.Load(Signal + """

            sinks:
              - uses: test.collect
            """);

        var result = PipelineTestKit.RunVirtual(pipeline, TimeSpan.FromSeconds(3), out _);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.True(result.Stopped);
        // 3 s at 100 Hz in chunks of 10 samples: 30 chunks, the last due exactly when the stop fires.
        var samples = collected.Sum(c => c.SampleCount);
        Assert.InRange(samples, 290, 300);
        var times = collected.SelectMany(c => c.Timestamps.ToArray()).ToArray();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(0.01, pair.Second - pair.First, 9));
        // noise 0: channel 0 is exactly 10 uV sin(2 pi 5 t)
        var first = collected[0];
        for (var s = 0; s < first.SampleCount; s++)
            Assert.Equal(10e-6 * Math.Sin(2 * Math.PI * 5 * s / 100.0), first[s, 0], 15);
    }

    [Fact]
    public void StatsSink_ReportsTheKnownRmsOfTheSyntheticSignal()
    {
        var pipeline = PipelineTestKit.Load("""
            sources:
              - id: signal
                uses: synthetic
                with: { channels: 2, rate: 500 Hz, chunk: 50, frequencies: [10 Hz], amplitude: 20 uV, noise: 5 uV, seed: 7, duration: 20 s }
            sinks:
              - id: stats
                uses: stats
            """);
        var result = PipelineTestKit.RunVirtual(pipeline, TimeSpan.FromSeconds(25), out var log);
        Assert.True(result.Succeeded);
        var summary = log.Lines.Last(l => l.Source == "stats").Message;
        // expected RMS: sqrt(20^2 / 2 + 5^2) = 15 uV
        var rms = summary.Split('\n').Where(l => l.TrimStart().StartsWith("ch", StringComparison.Ordinal) && char.IsDigit(l.TrimStart()[2]))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, rms.Count);
        Assert.All(rms, value => Assert.InRange(value, 14.7, 15.3));
        Assert.Equal(10000, result.Health["stats"]["samples"]);
    }

    [Fact]
    public void TwoBranches_ShareOneSourceSubscription()
    {
        var collected = new List<SampleChunk>();
        CollectSink.Target.Value = collected;
        var pipeline = PipelineTestKit.Load(Signal + """

            sinks:
              - id: a
                uses: test.collect
                input: signal
              - id: b
                uses: test.collect
                input: signal
            """);
        var result = PipelineTestKit.RunVirtual(pipeline, TimeSpan.FromSeconds(1), out _);
        Assert.True(result.Succeeded);
        // Each chunk object reaches both sinks: the source ran once, not once per branch.
        var distinct = collected.Distinct().Count();
        Assert.Equal(collected.Count / 2, distinct);
        Assert.Equal(distinct, result.Health["signal"]["items"]);
    }

    [Fact]
    public async Task OnePipelineObject_RunsTwiceInParallel_WithIndependentState()
    {
        var pipeline = PipelineTestKit.Load("""
            sources:
              - id: signal
                uses: synthetic
                with: { channels: 3, rate: 1000 Hz, chunk: 100, duration: 2 s, pace: max }
            sinks:
              - id: stats
                uses: stats
            """);
        var runs = await Task.WhenAll(
            PipelineRunner.RunAsync(pipeline, new RunOptions { Log = new MemoryLog() }),
            PipelineRunner.RunAsync(pipeline, new RunOptions { Log = new MemoryLog() }));
        Assert.All(runs, r => Assert.True(r.Succeeded));
        Assert.All(runs, r => Assert.Equal(2000, r.Health["stats"]["samples"]));
        Assert.False(runs[0].Stopped); // ended because the source ended, not by a stop
    }

    [Fact]
    public void StageError_NamesStageAndStream_AndOtherSinksStillFlush()
    {
        var pipeline = PipelineTestKit.Load(Signal + """

            stages:
              - id: fragile
                uses: test.throw-at
                input: signal
                with: { chunk: 3 }
            sinks:
              - id: after-fragile
                uses: stats
                input: fragile
              - id: direct
                uses: stats
                input: signal
            """);
        var result = PipelineTestKit.RunVirtual(pipeline, TimeSpan.FromSeconds(5), out var log);

        var error = Assert.Single(result.Errors);
        Assert.Equal("fragile", error.StageId);
        Assert.Contains("stage 'fragile' (test.throw-at)", error.Message);
        Assert.Contains("cannot digest chunk 3", error.Message);
        // the error stopped the run; the healthy branch flushed its summary
        Assert.True(result.Stopped);
        Assert.Contains(log.Lines, l => l.Source == "direct" && l.Message.Contains("synthetic: "));
        Assert.Contains(log.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("fragile"));
    }

    [Fact]
    public void ExceptionThrownInsideASubscriber_BecomesAStageErrorWithTheStreamName_NotACrash()
    {
        var pipeline = PipelineTestKit.Load(Signal + """

            stages:
              - id: raw
                uses: test.throw-raw
            sinks:
              - uses: stats
            """);
        var result = PipelineTestKit.RunVirtual(pipeline, TimeSpan.FromSeconds(2), out _);
        var error = Assert.Single(result.Errors);
        Assert.Equal("raw", error.StageId);
        Assert.Equal("synthetic", error.StreamName);
        Assert.Contains("raw failure", error.Message);
    }

    [Fact]
    public async Task LatestWinsBoundary_DropsAndCountsWhenTheStageFallsBehind()
    {
        var collected = new List<SampleChunk>();
        CollectSink.Target.Value = collected;
        var pipeline = PipelineTestKit.Load("""
            sources:
              - id: signal
                uses: synthetic
                with: { channels: 2, rate: 1000 Hz, chunk: 10, duration: 1 s }
            sinks:
              - id: slow
                uses: test.collect
                overload: latest-wins(3)
            """);
        // The consumer lives on its own virtual clock, which stands still while the source produces one second
        // of data: it has fallen behind by 100 chunks, and its boundary may hold only 3.
        var (options, time, _) = PipelineTestKit.VirtualTime();
        var consumerTime = new System.Reactive.Concurrency.HistoricalScheduler();
        var (completion, _) = PipelineRunner.Start(pipeline, options with { HandoffScheduler = _ => consumerTime });
        time.AdvanceBy(TimeSpan.FromSeconds(2));
        Assert.False(completion.IsCompleted);
        consumerTime.AdvanceBy(TimeSpan.FromTicks(1));
        var result = await completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Succeeded);
        Assert.Equal(100, result.Health["signal"]["items"]);
        Assert.Equal(3, collected.Count);
        Assert.Equal(97, result.Health["slow"]["dropped"]);
        Assert.Equal(3, result.Health["slow"].Counter("queue").Max);
        // the newest data survived
        Assert.Equal(0.970, collected[0].FirstTimestamp, 9);
        Assert.Equal(0.999, collected[^1].LastTimestamp, 9);
    }

    [Fact]
    public async Task Cancellation_StopsTheSources_AndSinksFlush()
    {
        var log = new MemoryLog();
        var pipeline = PipelineTestKit.Load(Signal + """

            sinks:
              - id: stats
                uses: stats
            """);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var result = await PipelineRunner.RunAsync(pipeline, new RunOptions { Log = log }, cancel.Token);
        Assert.True(result.Succeeded);
        Assert.True(result.Stopped);
        Assert.Contains(log.Lines, l => l.Source == "stats" && l.Message.Contains("samples x 4 ch"));
    }
}
