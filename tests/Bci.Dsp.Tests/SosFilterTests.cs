using Bci.Dsp.Filters;

namespace Bci.Dsp.Tests;

public sealed class SosFilterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(13)]
    public void ManyChannels_EachEqualsTheSingleChannelScalarFilter(int channels)
    {
        // The vector path (4 channels per instruction) and the scalar tail must give one channel's scalar result exactly.
        var sos = ButterworthDesign.Bandpass(4, 8, 30, 250);
        var x = StageHarness.Signal(700, channels, 250);
        var y = new double[x.Length];
        new SosFilter(sos, channels).Process(x, y);
        for (var c = 0; c < channels; c++)
            Assert.Equal(SosFilter.Apply(sos, StageHarness.Column(x, channels, c)), StageHarness.Column(y, channels, c));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AnyChunking_GivesExactlyTheOneShotOutput(int seed)
    {
        const int channels = 6;
        var sos = ButterworthDesign.Bandpass(8, 1, 40, 1000).Then(NotchDesign.Harmonics(50, 30, 1000, 3));
        var x = StageHarness.Signal(5000, channels, 1000, seed);
        var whole = new double[x.Length];
        new SosFilter(sos, channels).Process(x, whole);

        var filter = new SosFilter(sos, channels);
        var pieces = new double[x.Length];
        var at = 0;
        foreach (var size in StageHarness.RandomSizes(seed * 7))
        {
            if (at >= x.Length / channels) break;
            var n = Math.Min(size, x.Length / channels - at);
            filter.Process(x.AsSpan(at * channels, n * channels), pieces.AsSpan(at * channels, n * channels));
            at += n;
        }
        Assert.Equal(whole, pieces);   // bit for bit
    }

    [Fact]
    public void InPlace_EqualsSeparateOutput()
    {
        var sos = ButterworthDesign.Highpass(3, 0.5, 250);
        var x = StageHarness.Signal(300, 5, 250);
        var expected = new double[x.Length];
        new SosFilter(sos, 5).Process(x, expected);
        new SosFilter(sos, 5).Process(x, x);
        Assert.Equal(expected, x);
    }

    [Theory]
    [InlineData(FilterBand.Lowpass, 4, 30, 0, 250)]
    [InlineData(FilterBand.Highpass, 4, 1, 0, 250)]
    [InlineData(FilterBand.Bandpass, 8, 8, 30, 1000)]
    [InlineData(FilterBand.Bandstop, 4, 45, 55, 500)]
    [InlineData(FilterBand.Bandpass, 4, 1, 100, 2000)]
    public void Butterworth_IsMinus3DbAtTheEdges_AndStable(FilterBand band, int order, double low, double high, double rate)
    {
        var sos = ButterworthDesign.Design(band, order, low, high, rate);
        Assert.True(sos.IsStable);
        Assert.Equal(-3.0103, sos.GainDb(low, rate), 3);
        if (high > 0) Assert.Equal(-3.0103, sos.GainDb(high, rate), 3);
    }

    [Fact]
    public void Notch_RemovesMainsAndItsHarmonics_KeepsTheRest()
    {
        var sos = NotchDesign.Harmonics(50, 30, 1000, 3);
        Assert.Equal(3, sos.SectionCount);
        foreach (var f in new[] { 50.0, 100, 150 }) Assert.True(sos.GainDb(f, 1000) < -100, $"{f} Hz");
        Assert.InRange(sos.GainDb(10, 1000), -0.1, 0.0);
        Assert.Equal(4, NotchDesign.Harmonics(60, 30, 500, int.MaxValue).SectionCount);   // 60,120,180,240 Hz < 250 Hz
    }

    [Fact]
    public void Design_RejectsCutoffsAtOrAboveNyquist_WithTheLimitInTheMessage()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ButterworthDesign.Bandpass(4, 8, 130, 250));
        Assert.Contains("125", e.Message);
        Assert.Throws<ArgumentException>(() => ButterworthDesign.Bandpass(4, 30, 8, 250));
        Assert.Throws<ArgumentOutOfRangeException>(() => ButterworthDesign.Lowpass(0, 8, 250));
    }

    [Fact]
    public void SteadyState_OfAConstantInput_GivesNoTransient()
    {
        var sos = ButterworthDesign.Lowpass(4, 10, 250);
        var filter = new SosFilter(sos, 1);
        filter.SetSteadyState(0, 3.0);
        var y = new double[200];
        filter.Process(Enumerable.Repeat(3.0, 200).ToArray(), y);
        Assert.All(y, v => Assert.Equal(3.0, v, 10));
    }

    [Theory]
    [MemberData(nameof(WelchIndices))]
    public void Welch_EqualsScipy(int index)
    {
        var d = Golden.Root.GetProperty("welch")[index];
        var welch = new Welch(d.GetProperty("nperseg").GetInt32(), d.GetProperty("rate").GetDouble());
        var psd = new double[welch.BinCount];
        welch.Psd(Golden.Input, psd);
        var expected = Golden.Doubles(d.GetProperty("psd"));
        var f = Golden.Doubles(d.GetProperty("f"));
        Assert.Equal(expected.Length, psd.Length);
        for (var b = 0; b < psd.Length; b++)
        {
            Assert.Equal(f[b], welch.Frequency(b), 10);
            Assert.True(Math.Abs(psd[b] - expected[b]) <= 1e-10 * Math.Max(1e-3, expected[b]), $"bin {b}: scipy {expected[b]:R}, ours {psd[b]:R}");
        }
    }

    public static TheoryData<int> WelchIndices() => new() { 0, 1, 2 };
}
