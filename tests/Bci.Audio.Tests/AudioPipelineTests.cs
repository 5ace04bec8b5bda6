using System.Globalization;
using System.Reactive.Concurrency;
using System.Text.RegularExpressions;
using Bci.Audio.Output;
using Bci.Audio.Wav;
using Bci.Core.Logging;
using Bci.Core.Time;
using Bci.Pipelines;
using Bci.Pipelines.Registry;
using Bci.Pipelines.Running;

namespace Bci.Audio.Tests;

/// <summary>The audio stages as a pipeline file uses them: found by the registry, options with units, run in virtual time.</summary>
public sealed partial class AudioPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bci-audio-pipe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static StageRegistry Registry()
    {
        var registry = StageRegistry.ForBuiltIns();
        Assert.Empty(registry.Register(typeof(AudioPipelineTests).Assembly, "test"));
        return registry;
    }

    [Fact]
    public void Registry_FindsTheAudioStages()
    {
        var registry = Registry();
        Assert.True(registry.TryGet("audio.cue", out _));
        Assert.True(registry.TryGet("audio.feedback", out _));
        Assert.True(registry.TryGet("wav", out _));
    }

    [Fact]
    public async Task CuePipeline_WritesAWavWhoseOnsetsMatchTheOnsetMarkers()
    {
        const string yaml = """
            name: cues
            sources:
              - id: cues
                uses: test.cues
                with: { times: [200 ms, 500 ms, 0.93 s], values: [left, right, left] }
            stages:
              - id: sound
                uses: audio.cue
                input: cues
                with: { device: "file:cues.wav", rate: 48 kHz, channels: 1, buffer: 40 ms, period: 10 ms, sounds: ["left=tone:1000:0.1", "right=tone:500:0.1"] }
            sinks:
              - id: show
                uses: print
                input: sound
            """;
        var pipeline = PipelineLoader.LoadText(yaml, "cues.yaml", _dir, Registry());
        var time = new HistoricalScheduler(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var log = new MemoryLog();
        var (completion, _) = PipelineRunner.Start(pipeline, new RunOptions { Scheduler = time, Clock = new SchedulerClock(time), Log = log, HandoffScheduler = _ => time });
        for (var i = 0; i < 5000 && !completion.IsCompleted; i++) time.AdvanceBy(TimeSpan.FromMilliseconds(1));
        var result = await completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(3, result.Health["sound"]["cues"]);

        var onsets = log.Lines.Select(l => OnsetLine().Match(l.Message)).Where(m => m.Success)
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, onsets.Count);
        var path = Path.Combine(_dir, "cues.wav");
        var start = FileOutput.ReadStartTime(path)!.Value;
        using var reader = WavReader.Open(path);
        var x = reader.ReadAll();
        foreach (var onset in onsets)
        {
            var frame = (int)Math.Round((onset - start) * 48000);
            // Silence right before the stamped frame (print shows 0.1 ms), the tone right after it.
            Assert.True(x.Skip(frame - 200).Take(195).All(v => v == 0), $"sound before the onset at frame {frame}");
            Assert.True(x.Skip(frame + 240).Take(240).Max(Math.Abs) > 0.1, $"no sound after the onset at frame {frame}");
        }
    }

    [GeneratedRegex(@"@ ([0-9.]+) s")]
    private static partial Regex OnsetLine();
}
