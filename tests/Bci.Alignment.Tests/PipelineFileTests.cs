using System.Reactive.Concurrency;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bci.Core.Logging;
using Bci.Core.Time;
using Bci.Lsl;
using Bci.Lsl.Info;
using Bci.Pipelines;
using Bci.Pipelines.Registry;
using Bci.Pipelines.Running;
using Bci.TestSupport;

namespace Bci.Alignment.Tests;

/// <summary>
/// The shipped pipeline files: they validate, and they run in virtual time on the ground-truth simulator while a
/// real LSL inlet (another program's view) receives what they publish.
/// </summary>
public sealed partial class PipelineFileTests
{
    private static string PipelinePath(string file) => Path.Combine(TestData.RepositoryRoot, "pipelines", file);

    /// <summary>
    /// Runs a pipeline file in virtual time. Its LSL stream names get a unique suffix (tests in parallel must not see
    /// each other's streams); <paramref name="afterWarmUp"/> runs once after 1 s of virtual time with the renamed
    /// names, e.g. to connect an inlet to an outlet that exists by then.
    /// </summary>
    private static (RunResult Result, MemoryLog Log) Run(string file, TimeSpan duration, Action<Func<string, string>>? afterWarmUp = null)
    {
        var suffix = "-" + Guid.NewGuid().ToString("N")[..8];
        string Rename(string name) => name + suffix;
        var text = NameOption().Replace(File.ReadAllText(PipelinePath(file)), m => m.Value + suffix);
        var pipeline = PipelineLoader.LoadText(text, PipelinePath(file), Path.GetDirectoryName(PipelinePath(file))!, StageRegistry.ForBuiltIns());
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var time = new HistoricalScheduler(start);
        var log = new MemoryLog();
        var options = new RunOptions { Duration = duration, Scheduler = time, Clock = new SchedulerClock(time), Log = log, HandoffScheduler = _ => time };
        var (completion, _) = PipelineRunner.Start(pipeline, options);
        var warmedUp = afterWarmUp is null;
        for (var step = 0; step < 100_000 && !completion.IsCompleted; step++)
        {
            time.AdvanceBy(TimeSpan.FromMilliseconds(10));
            if (!warmedUp && time.Now - start >= TimeSpan.FromSeconds(1))
            {
                afterWarmUp!(Rename);
                warmedUp = true;
            }
            if (!warmedUp) continue;
            if (step % 20 == 0) Thread.Sleep(1); // let the LSL threads keep up with virtual time
            if (time.Now - start > duration + TimeSpan.FromSeconds(1)) completion.Wait(TimeSpan.FromSeconds(10));
        }
        Assert.True(completion.Wait(TimeSpan.FromSeconds(30)), "the run did not complete");
        Assert.True(completion.Result.Succeeded, string.Join("; ", completion.Result.Errors.Select(e => e.Message)));
        return (completion.Result, log);
    }

    private static LslInlet Connect(string name)
    {
        var found = new LslResolver().Resolve($"name='{name}'", 1, 10);
        Assert.True(found.Count == 1, $"the pipeline's LSL stream '{name}' was not found");
        var inlet = new LslInlet(found[0]);
        inlet.Open(10);
        return inlet;
    }

    [Theory]
    [InlineData("visual-retrieval.yaml")]
    [InlineData("motor-imagery-readout.yaml")]
    [InlineData("motor-imagery.yaml")]
    public void ShippedPipeline_Validates(string file)
    {
        var problems = PipelineLoader.Validate(PipelinePath(file), StageRegistry.ForBuiltIns());
        Assert.True(problems.Count == 0, string.Join("\n", problems.Select(p => p.ToString())));
    }

    [Fact]
    public void VisualRetrieval_NamesUnseenGalleryItemsFarAboveChance_AndPublishesTopKOnLsl()
    {
        LslInlet? inlet = null;
        var received = new List<string>();
        try
        {
            var (result, log) = Run("visual-retrieval.yaml", TimeSpan.FromSeconds(30), rename =>
            {
                inlet = Connect(rename("bci-retrieval"));
                Thread.Sleep(1000); // the outlet registers the new consumer before the next marker (generous for loaded CI)
            });
            var lines = log.Lines.Where(l => l.Source == "results" && l.Message.StartsWith("retrieve @", StringComparison.Ordinal)).Select(l => l.Message).ToList();
            Assert.InRange(lines.Count, 55, 61); // 2 epochs per second
            var top1 = lines.Count(l => ResultLine().Match(l) is { Success: true } m && m.Groups[1].Value == m.Groups[2].Value);
            // 200-way: chance is 0.3 of 60; the ceiling at -10 dB is ~1.0.
            Assert.True(top1 >= 30, $"top-1 correct in {top1} of {lines.Count} epochs");
            Assert.Equal(result.Health["top5"]["items"], result.Health["markers"]["items"]);
            Assert.Equal(result.Health["markers"]["items"], result.Health["publish"]["markers"]);

            var sample = new string[1];
            while (inlet!.TryPullStrings(sample, 2.0, out _)) received.Add(sample[0]);
        }
        finally
        {
            inlet?.Dispose();
        }
        // Epochs from 1 s on (the inlet connected then): 2 per second for 29 s; a slow consumer handshake may miss a few.
        Assert.InRange(received.Count, 45, 60);
        var correct = 0;
        foreach (var json in received)
        {
            var node = JsonNode.Parse(json)!;
            var top = node["top"]!.AsArray();
            Assert.Equal(5, top.Count);
            var scores = top.Select(h => (double)h![1]!).ToList();
            Assert.Equal(scores.OrderDescending(), scores); // ranked by cosine
            if ((string?)top[0]![0] == (string?)node["event"]) correct++;
        }
        Assert.True(correct >= received.Count / 2, $"top-1 correct in {correct} of {received.Count} received markers");
    }

    [Fact]
    public void MotorImageryReadout_PublishesProbabilitiesAndControlOnLslAtTwentyHertz()
    {
        LslInlet? inlet = null;
        var samples = new List<(float[] Values, double Time)>();
        string[] labels = [];
        try
        {
            var (result, log) = Run("motor-imagery-readout.yaml", TimeSpan.FromSeconds(10), rename =>
            {
                inlet = Connect(rename("bci-mi-readout"));
                labels = inlet.GetFullInfo(10).Desc.Element("channels")!.Elements("channel").Select(c => (string)c.Element("label")!).ToArray();
                Thread.Sleep(1000);
            });
            var emitted = result.Health["readout"]["items"] + result.Health["readout"]["dropped"];
            Assert.InRange(emitted, 195, 201);
            Assert.Contains(log.Lines, l => l.Source == "show" && l.Message.Contains("control=", StringComparison.Ordinal));

            var values = new float[labels.Length];
            while (inlet!.TryPullSample<float>(values, 2.0, out var t)) samples.Add((values.ToArray(), t));
        }
        finally
        {
            inlet?.Dispose();
        }
        Assert.Contains("left-hand", labels);
        Assert.Contains("right-hand", labels);
        Assert.Equal("control", labels[^1]);
        Assert.InRange(samples.Count, 150, 181); // 20 Hz from about 1 s to 10 s (a slow consumer handshake may miss a few)
        foreach (var (values, _) in samples)
        {
            Assert.Equal(1.0, values[..^1].Sum(v => (double)v), 3); // probabilities
            Assert.InRange(values[^1], -1f, 1f);                   // control: a smoothed cosine
        }
        var rates = samples.Zip(samples.Skip(1), (a, b) => b.Time - a.Time).Order().ToList();
        Assert.Equal(0.05, rates[rates.Count / 2], 3); // median spacing 50 ms = 20 Hz
        Assert.True(samples.Select(s => s.Values[^1]).Distinct().Count() > 10, "the control value should move with the cued movements");
    }

    [GeneratedRegex(@"\((item\d+)\): (item\d+) ")]
    private static partial Regex ResultLine();

    [GeneratedRegex(@"(?<=name: )bci-[a-z-]+")]
    private static partial Regex NameOption();
}
