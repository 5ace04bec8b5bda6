using System.Numerics;
using Bci.Core.Streams;
using Bci.Dsp.Filters;
using Bci.Dsp.Stages;

namespace Bci.Dsp.Tests;

/// <summary>The same stages on an MEG-sized stream (306 channels at 2 kHz) and a small headset (8 channels at 250 Hz).</summary>
public sealed class ScaleTests
{
    private static StreamDescription Meg() => new("meg", "MEG",
        Enumerable.Range(0, 306).Select(i => new ChannelInfo($"MEG{i + 1:0000}", i % 3 == 2 ? "MAG" : "GRAD", i % 3 == 2 ? "T" : "T/m")), 2000);

    /// <summary>Channel c: a 10 Hz sine of amplitude (c + 1) fT plus 50 Hz mains of 20 fT and 0.5 fT of noise.</summary>
    private static double[] MegSignal(int samples, int channels, double rate)
    {
        var random = new Random(7);
        var x = new double[samples * channels];
        for (var s = 0; s < samples; s++)
            for (var c = 0; c < channels; c++)
                x[s * channels + c] = 1e-15 * ((c + 1) * Math.Sin(2 * Math.PI * 10 * s / rate) + 20 * Math.Sin(2 * Math.PI * 50 * s / rate + c) + (random.NextDouble() - 0.5));
        return x;
    }

    [Fact]
    public void Meg306At2kHz_FilterResampleWindow_IsChunkInvariantAndKeepsTheSignal()
    {
        var stream = Meg();
        var x = MegSignal(8000, 306, 2000);   // 4 s
        List<SignalWindow> Run(IReadOnlyList<int> sizes)
        {
            var chunks = StageHarness.Chunks(stream, x, sizes);
            var band = StageHarness.Run(new BandpassStage { Low = 1, High = 40, Order = 4 }, chunks);
            var mains = StageHarness.Run(new NotchStage { Frequency = 50, Harmonics = 3 }, band);
            var down = StageHarness.Run(new ResampleStage { Rate = 250 }, mains);
            Assert.All(down, c => Assert.Equal(306, c.ChannelCount));
            return StageHarness.Run(new WindowStage { Length = 1, Step = 0.5 }, down);
        }
        var whole = Run([8000]);
        var chunked = Run(StageHarness.RandomSizes(3, 400));
        Assert.Equal(7, whole.Count);   // 1000 output samples at 250 Hz: windows at 0, 0.5, ..., 3 s
        Assert.Equal(whole.Count, chunked.Count);
        for (var k = 0; k < whole.Count; k++) Assert.Equal(whole[k].Data.ToArray(), chunked[k].Data.ToArray());

        // After settling, each channel's 10 Hz sine comes through at its amplitude; mains is gone.
        var last = whole[^1];
        Assert.Equal(250, last.SampleCount);
        foreach (var c in new[] { 0, 101, 305 })
        {
            var amplitude = SineAmplitude(last.Channel(c), 10, 250);
            var expected = (c + 1) * 1e-15 * Complex.Abs(ButterworthDesign.Bandpass(4, 1, 40, 2000).Response(10, 2000));
            Assert.InRange(amplitude, expected * 0.97, expected * 1.03);
            Assert.True(SineAmplitude(last.Channel(c), 50, 250) < 0.2e-15, $"channel {c}: mains not removed");
        }
        // MEG channel types pass amplitude checks scaled for tesla: a 1e-12 T swing is fine at amplitude 5 pT.
        Assert.All(whole, w => Assert.Null(new RejectStage { Amplitude = 5e-12, Flat = 1e-18 }.Check(w)));
    }

    [Fact]
    public void Headset8At250Hz_TheWholeChainRuns()
    {
        var stream = StageHarness.Stream(8, 250);
        var x = StageHarness.Signal(2500, 8, 250);
        var chunks = StageHarness.Chunks(stream, x, [10]);
        var filtered = StageHarness.Run(new RerefStage(), StageHarness.Run(new NotchStage(), StageHarness.Run(new BandpassStage(), chunks)));
        var normalized = StageHarness.Run(new NormalizeStage { Factor = 0.01 }, filtered);
        var windows = StageHarness.Run(new WindowStage { Length = 2, Step = 0.5 }, normalized);
        var aligned = StageHarness.Run(new EuclideanAlignStage(), windows);
        var powers = StageHarness.Run(new BandpowerStage { Bands = [4, 8, 8, 13, 13, 30] }, aligned);
        Assert.Equal(17, powers.Count);
        Assert.Equal(24, powers[0].ChannelCount);
        Assert.Equal("ch1:4-8", powers[0].Stream.Channels[0].Label);
        Assert.All(powers, p => Assert.All(p.Values.ToArray(), v => Assert.True(double.IsFinite(v) && v >= 0)));
    }

    /// <summary>Least-squares amplitude of a sine of frequency f in a record (in-phase and quadrature projections).</summary>
    private static double SineAmplitude(ReadOnlySpan<double> x, double f, double rate)
    {
        double s = 0, c = 0;
        for (var i = 0; i < x.Length; i++)
        {
            s += x[i] * Math.Sin(2 * Math.PI * f * i / rate);
            c += x[i] * Math.Cos(2 * Math.PI * f * i / rate);
        }
        return 2 * Math.Sqrt(s * s + c * c) / x.Length;
    }
}
