using System.Reactive.Linq;
using System.Reactive.Subjects;
using Bci.Core.Streams;
using Bci.Dsp.Stages;

namespace Bci.Dsp.Tests;

public sealed class EpochTests
{
    private const double Rate = 100;
    private const double Start = 100.0;
    private static readonly StreamDescription Amp = StageHarness.Stream(3, Rate);

    /// <summary>Feeds chunks and markers in the given interleaving; returns the epochs and the stage's log/health.</summary>
    private static (List<SignalWindow> Epochs, Bci.Core.Stages.StageContext Context, Bci.Core.Logging.MemoryLog Log) Run(
        EpochStage stage, IEnumerable<object> sequence)
    {
        var data = new Subject<SampleChunk>();
        var markers = new Subject<MarkerEvent>();
        var context = StageHarness.Context(out var log, "epochs");
        var epochs = new List<SignalWindow>();
        var completed = false;
        using var _ = stage.Apply(data, markers, context).Subscribe(epochs.Add, e => throw e, () => completed = true);
        foreach (var item in sequence)
        {
            if (item is SampleChunk chunk) data.OnNext(chunk);
            else markers.OnNext((MarkerEvent)item);
        }
        markers.OnCompleted();
        data.OnCompleted();
        Assert.True(completed);
        return (epochs, context, log);
    }

    private static double[] Ramp(int samples)
    {
        // value = sample index on channel 0, -index on 1, 1000 + index on 2: epochs show exactly which samples they hold
        var x = new double[samples * 3];
        for (var s = 0; s < samples; s++) { x[s * 3] = s; x[s * 3 + 1] = -s; x[s * 3 + 2] = 1000 + s; }
        return x;
    }

    [Fact]
    public void MarkersBeforeAndAfterTheirSamples_GiveTheSameEpochs()
    {
        var chunks = StageHarness.Chunks(Amp, Ramp(1000), [10], Start);
        var marks = new[] { new MarkerEvent("T1", Start + 1.0), new MarkerEvent("T2", Start + 3.004), new MarkerEvent("T0", Start + 5.0), new MarkerEvent("T1", Start + 7.5) };
        var stage = new EpochStage { Events = ["T1", "T2"], TMin = -0.2, TMax = 0.5 };

        var early = Run(stage, marks.Cast<object>().Concat(chunks)).Epochs;               // all markers first
        var late = Run(stage, chunks.Cast<object>().Concat(marks)).Epochs;                // all samples first
        var interleaved = Run(stage, chunks.Take(40).Cast<object>().Concat(marks).Concat(chunks.Skip(40))).Epochs;

        foreach (var epochs in new[] { early, late, interleaved })
        {
            Assert.Equal(["T1", "T2", "T1"], epochs.Select(e => e.Event!.Value));
            Assert.All(epochs, e => Assert.Equal(71, e.SampleCount));   // -0.2..0.5 s at 100 Hz, both ends included
            // Marker at 1.0 s -> onset sample 100, epoch samples 80..150; at 3.004 s -> nearest sample 300.
            Assert.Equal(Enumerable.Range(80, 71).Select(i => (double)i), epochs[0].Channel(0).ToArray());
            Assert.Equal(Enumerable.Range(280, 71).Select(i => (double)-i), epochs[1].Channel(1).ToArray());
            Assert.Equal(Start + 0.8, epochs[0].StartTime, 9);
            Assert.Equal(Start + 7.3, epochs[2].StartTime, 9);
        }
    }

    [Fact]
    public void Baseline_SubtractsThePreStimulusMeanPerChannel()
    {
        var chunks = StageHarness.Chunks(Amp, Ramp(500), [7], Start);
        var stage = new EpochStage { TMin = -0.2, TMax = 0.5, Baseline = [-0.2, 0] };
        var epoch = Run(stage, chunks.Cast<object>().Append(new MarkerEvent("stim", Start + 2.0))).Epochs.Single();
        // Channel 0 holds 180..250; the baseline 180..200 has mean 190.
        Assert.Equal(Enumerable.Range(180, 71).Select(i => i - 190.0), epoch.Channel(0).ToArray());
        Assert.Equal(Enumerable.Range(180, 71).Select(i => i - 190.0), epoch.Channel(2).ToArray());
    }

    [Fact]
    public void MarkerOlderThanTheBuffer_IsReportedAndCounted_NotSilentlyDropped()
    {
        var chunks = StageHarness.Chunks(Amp, Ramp(1000), [50], Start);
        var stage = new EpochStage { TMin = 0, TMax = 0.5, Buffer = 2 };
        var (epochs, context, log) = Run(stage, chunks.Cast<object>().Append(new MarkerEvent("T1", Start + 1.0, "cues")).Append(new MarkerEvent("T2", Start + 9.0, "cues")));
        Assert.Equal(["T2"], epochs.Select(e => e.Event!.Value));
        Assert.Equal(1, context.Health["late-markers"]);
        var warning = Assert.Single(log.Lines, l => l.Message.Contains("dropped"));
        Assert.Contains("'T1'", warning.Message);
        Assert.Contains("'cues'", warning.Message);
        Assert.Contains("101.0000", warning.Message);
    }

    [Fact]
    public void MarkersBeforeTheStreamAndAtItsEnd_AreReported()
    {
        var chunks = StageHarness.Chunks(Amp, Ramp(300), [50], Start);
        var stage = new EpochStage { TMin = -0.1, TMax = 1.0 };
        var (epochs, context, log) = Run(stage, new object[] { new MarkerEvent("x", Start - 5) }.Concat(chunks).Append(new MarkerEvent("y", Start + 2.5)));
        Assert.Empty(epochs);
        Assert.Equal(1, context.Health["late-markers"]);
        Assert.Equal(1, context.Health["incomplete-epochs"]);
        Assert.Contains(log.Lines, l => l.Message.Contains("before the stream's first sample"));
        Assert.Contains(log.Lines, l => l.Message.Contains("incomplete"));
    }

    [Fact]
    public void Epochs_AreIndependentOfChunking()
    {
        var x = StageHarness.Signal(3000, 3, Rate);
        var marks = Enumerable.Range(1, 12).Select(i => new MarkerEvent(i % 2 == 0 ? "T1" : "T2", Start + 2.1 * i)).ToList();
        var stage = new EpochStage { TMin = -0.5, TMax = 1.5, Baseline = [-0.5, 0] };
        var reference = Run(stage, StageHarness.Chunks(Amp, x, [3000], Start).Cast<object>().Concat(marks)).Epochs;
        Assert.Equal(12, reference.Count);
        var pieces = StageHarness.Chunks(Amp, x, StageHarness.RandomSizes(11), Start);
        // markers interleaved with the chunks at random places
        var sequence = new List<object>(pieces);
        var random = new Random(3);
        foreach (var m in marks) sequence.Insert(random.Next(sequence.Count + 1), m);
        var chunked = Run(stage, sequence).Epochs.OrderBy(e => e.Event!.Timestamp).ToList();
        Assert.Equal(reference.Count, chunked.Count);
        for (var i = 0; i < reference.Count; i++) Assert.Equal(reference[i].Data.ToArray(), chunked[i].Data.ToArray());
    }
}
