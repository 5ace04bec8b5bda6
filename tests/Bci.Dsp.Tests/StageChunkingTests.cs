using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Filters;
using Bci.Dsp.Stages;

namespace Bci.Dsp.Tests;

/// <summary>Property: a stage's output does not depend on how its input was cut into chunks.</summary>
public sealed class StageChunkingTests
{
    public static TheoryData<string> ChunkStages() => new() { "bandpass", "notch", "highpass", "lowpass", "reref", "normalize", "resample", "pick" };

    private static IStage<SampleChunk, SampleChunk> Make(string name) => name switch
    {
        "bandpass" => new BandpassStage { Low = 8, High = 30, Order = 4 },
        "notch" => new NotchStage { Frequency = 50, Harmonics = 2 },
        "highpass" => new HighpassStage { Cutoff = 1, Order = 3 },
        "lowpass" => new LowpassStage { Cutoff = 40, Order = 5 },
        "reref" => new RerefStage(),
        "normalize" => new NormalizeStage { Factor = 0.01 },
        "resample" => new ResampleStage { Rate = 160 },
        "pick" => new PickStage { Channels = ["ch3", "ch1"] },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(ChunkStages))]
    public void Output_IsIndependentOfChunking(string name)
    {
        var stream = StageHarness.Stream(7, 250);
        var x = StageHarness.Signal(3000, 7, 250);
        var whole = StageHarness.Run(Make(name), StageHarness.Chunks(stream, x, [3000]));
        for (var seed = 1; seed <= 4; seed++)
        {
            var pieces = StageHarness.Run(Make(name), StageHarness.Chunks(stream, x, StageHarness.RandomSizes(seed)));
            Assert.Equal(StageHarness.Concat(whole), StageHarness.Concat(pieces));
            Assert.Equal(StageHarness.Times(whole), StageHarness.Times(pieces));
        }
    }

    [Fact]
    public void BandpassStage_EqualsTheLibraryFilterOnEveryChannel()
    {
        var stream = StageHarness.Stream(5, 250);
        var x = StageHarness.Signal(1000, 5, 250);
        var y = StageHarness.Concat(StageHarness.Run(new BandpassStage { Low = 8, High = 30, Order = 4 }, StageHarness.Chunks(stream, x, [32])));
        var sos = ButterworthDesign.Bandpass(4, 8, 30, 250);
        for (var c = 0; c < 5; c++)
            Assert.Equal(SosFilter.Apply(sos, StageHarness.Column(x, 5, c)), StageHarness.Column(y, 5, c));
    }

    [Fact]
    public void ResampleStage_EqualsResamplePolyOnEveryChannel_WithTimesAtTheNewRate()
    {
        var stream = StageHarness.Stream(3, 250);
        var x = StageHarness.Signal(1000, 3, 250);
        var chunks = StageHarness.Run(new ResampleStage { Rate = 100 }, StageHarness.Chunks(stream, x, [25]));
        var y = StageHarness.Concat(chunks);
        Assert.All(chunks, c => Assert.Equal(100, c.Stream.NominalRate));
        for (var c = 0; c < 3; c++)
            Assert.Equal(PolyphaseResampler.ResamplePoly(StageHarness.Column(x, 3, c), 2, 5), StageHarness.Column(y, 3, c));
        var times = StageHarness.Times(chunks);
        Assert.Equal(400, times.Length);
        for (var i = 0; i < times.Length; i++) Assert.Equal(100.0 + i / 100.0, times[i], 9);
    }

    [Fact]
    public void WindowStage_WindowsAreIndependentOfChunking_AndCarryTheirTimes()
    {
        var stream = StageHarness.Stream(4, 250);
        var x = StageHarness.Signal(2500, 4, 250);
        var stage = new WindowStage { Length = 1.0, Step = 0.2 };
        var whole = StageHarness.Run(stage, StageHarness.Chunks(stream, x, [2500]));
        var pieces = StageHarness.Run(stage, StageHarness.Chunks(stream, x, StageHarness.RandomSizes(5, 300)));
        Assert.Equal(46, whole.Count);   // starts 0, 50, ..., 2250 samples
        Assert.Equal(whole.Count, pieces.Count);
        for (var k = 0; k < whole.Count; k++)
        {
            Assert.Equal(whole[k].Data.ToArray(), pieces[k].Data.ToArray());
            Assert.Equal(100.0 + k * 0.2, pieces[k].StartTime, 9);
            Assert.Equal(250, pieces[k].SampleCount);
        }
        // Window 3, channel 2 is the signal's samples 150..399 of that channel.
        Assert.Equal(StageHarness.Column(x, 4, 2).Skip(150).Take(250), whole[3].Channel(2).ToArray());
    }
}
