using Bci.Core.Logging;

namespace Bci.Dsp.Tests;

/// <summary>Bad input reaches the dsp stages inside a running pipeline (virtual time): reported by name, never a crash.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void ChannelCountChange_StopsTheRunWithAnErrorNamingStageStreamCountsAndTime_OtherBranchFlushes()
    {
        var pipeline = PipelineKit.Load("""
            sources:
              - id: amp
                uses: dsptest.faulty
                with: { channels: 8, fault: channel-change, at: 2 s }
            stages:
              - id: filter
                uses: dsp.bandpass
                input: amp
                with: { low: 8 Hz, high: 30 Hz }
            sinks:
              - id: filtered
                uses: stats
                input: filter
              - id: raw
                uses: stats
                input: amp
            """);
        var result = PipelineKit.RunVirtual(pipeline, TimeSpan.FromSeconds(10), out var log);

        // (the raw branch's stats sink refuses the new layout too, with its own error)
        var error = Assert.Single(result.Errors, e => e.StageId == "filter");
        Assert.Contains("'faulty'", error.Message);
        Assert.Contains("from 8 to 7 channels", error.Message);
        Assert.Contains("t=12.000 s", error.Message);
        // Everything before the fault was filtered and reached the sink.
        Assert.Equal(500, result.Health["filtered"]["samples"]);
        Assert.Equal(500, result.Health["raw"]["samples"]);
    }

    [Fact]
    public void NanBurst_IsReportedWithChannelAndTime_CountedAndRejected_FilterRecovers()
    {
        CollectWindowsSink.Target.Value = [];
        var pipeline = PipelineKit.Load("""
            sources:
              - id: amp
                uses: dsptest.faulty
                with: { channels: 8, fault: nan-burst, at: 2 s, burst: 200 ms, channel: 2, duration: 6 s }
            stages:
              - id: filter
                uses: dsp.bandpass
                with: { low: 8 Hz, high: 30 Hz }
              - id: windows
                uses: dsp.window
                with: { length: 1 s, step: 500 ms }
              - id: clean
                uses: dsp.reject
                with: { amplitude: 500 uV }
            sinks:
              - uses: dsptest.collect-windows
            """);
        var result = PipelineKit.RunVirtual(pipeline, TimeSpan.FromSeconds(10), out var log);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));

        Assert.Equal(50, result.Health["filter"]["non-finite-samples"]);   // 200 ms at 250 Hz
        var warning = Assert.Single(log.Lines, l => l.Source == "filter" && l.Level == LogLevel.Warning);
        Assert.Contains("'faulty'", warning.Message);
        Assert.Contains("'ch3'", warning.Message);
        Assert.Contains("t=12.000000 s", warning.Message);

        // Windows start every 0.5 s: those starting at 1.5 and 2.0 s overlap the burst [2.0, 2.2) s.
        Assert.Equal(2, result.Health["clean"]["rejected-non-finite"]);
        Assert.Equal(2, result.Health["clean"]["rejected"]);
        Assert.Contains(log.Lines, l => l.Source == "clean" && l.Message.Contains("'ch3' is NaN"));
        var passed = CollectWindowsSink.Target.Value!;
        Assert.Equal(11 - 2, passed.Count);
        Assert.All(passed, w => Assert.DoesNotContain(w.Data.ToArray(), v => !double.IsFinite(v)));
        Assert.Contains(passed, w => w.StartTime >= 12.5);   // the filter recovered after the burst
    }

    [Fact]
    public void TimestampsGoingBackwards_AreReportedAndCounted_SamplesStillFlow()
    {
        var pipeline = PipelineKit.Load("""
            sources:
              - id: amp
                uses: dsptest.faulty
                with: { channels: 4, fault: time-reversal, at: 1.5 s, duration: 3 s }
            stages:
              - id: filter
                uses: dsp.highpass
                with: { cutoff: 1 Hz }
            sinks:
              - id: out
                uses: stats
            """);
        var result = PipelineKit.RunVirtual(pipeline, TimeSpan.FromSeconds(5), out var log);
        Assert.True(result.Succeeded);
        Assert.Equal(1, result.Health["filter"]["time-reversals"]);
        Assert.Equal(750, result.Health["out"]["samples"]);
        var warning = Assert.Single(log.Lines, l => l.Source == "filter" && l.Message.Contains("backwards"));
        Assert.Contains("'faulty'", warning.Message);
        Assert.Contains("t=11.496000 s to t=11.000000 s", warning.Message);
    }

    [Fact]
    public void CutoffAboveNyquist_IsAnErrorNamingTheStreamAndItsRate()
    {
        var pipeline = PipelineKit.Load("""
            sources:
              - id: amp
                uses: dsptest.faulty
                with: { channels: 2, rate: 100 Hz, duration: 1 s }
            stages:
              - id: filter
                uses: dsp.lowpass
                with: { cutoff: 70 Hz }
            sinks:
              - uses: stats
            """);
        var result = PipelineKit.RunVirtual(pipeline, TimeSpan.FromSeconds(3), out _);
        var error = Assert.Single(result.Errors);
        Assert.Contains("'faulty'", error.Message);
        Assert.Contains("100 Hz", error.Message);
        Assert.Contains("Nyquist", error.Message);
    }
}
