using Bci.Audio.Providers;

namespace Bci.Audio.Tests;

public sealed class ToneProviderTests
{
    [Theory]
    [InlineData(440.0, -6.0)]
    [InlineData(1000.0, -20.0)]
    [InlineData(3000.0, -40.0)]
    public void Tone_LevelMeasuredByFft_IsTheRequestedDbfs(double frequency, double level)
    {
        // fs = N = 65536: every integer frequency falls on a bin centre, so the Hann-windowed amplitude is exact.
        var tone = new ToneProvider(65536, 2, frequency, level, duration: 1.2);
        var samples = Providers.Drain(tone).AsSpan(4096, 65536).ToArray();
        var amplitudes = Spectrum.HannAmplitudes(samples, 65536);
        Assert.Equal(level, Decibels.FromGain(amplitudes[(int)frequency]), precision: 2);
    }

    [Theory]
    [InlineData(440.37)]
    [InlineData(1234.5)]
    [InlineData(7999.9)]
    public void Tone_FrequencyMeasuredByFft_IsTheRequestedOne(double frequency)
    {
        var tone = new ToneProvider(48000, 1, frequency, -3, duration: 2);
        var samples = Providers.Drain(tone).AsSpan(4800, 65536).ToArray();
        var amplitudes = Spectrum.HannAmplitudes(samples, 65536 * 4);
        var measured = Spectrum.PeakFrequency(amplitudes, 48000.0 / (65536 * 4));
        Assert.True(Math.Abs(measured - frequency) < 0.02, $"measured {measured:0.0000} Hz for {frequency} Hz");
    }

    [Fact]
    public void Tone_OnsetAndOffset_AddNoStepAboveTheSineSlope()
    {
        var tone = new ToneProvider(48000, 1, 1000, 0, duration: 0.1, attack: 0.005, release: 0.005);
        var x = Providers.Drain(tone);
        Assert.Equal(4800, x.Length);
        Assert.Equal(0, x[0]);
        Assert.Equal(0, x[^1], precision: 12);
        // The steepest a full-scale 1 kHz sine can move between samples is 2 sin(pi f / fs).
        var sineSlope = 2 * Math.Sin(Math.PI * 1000 / 48000);
        var maxStep = x.Zip(x.Skip(1), (a, b) => Math.Abs(b - a)).Max();
        Assert.True(maxStep <= sineSlope * 1.0001, $"largest step {maxStep:0.00000} exceeds the sine's own {sineSlope:0.00000}");
    }

    [Fact]
    public void Tone_RaisedCosineRamps_KeepSplatterFarBelowAHardGate()
    {
        const int rate = 48000;
        var smooth = Providers.Drain(new ToneProvider(rate, 1, 1000, 0, duration: 0.1, attack: 0.005, release: 0.005));
        var gated = Providers.Drain(new ToneProvider(rate, 1, 1000, 0, duration: 0.1, attack: 0, release: 0));
        double Splatter(double[] x)
        {
            var spectrum = Spectrum.Fft(x, 16384).Take(8192).Select(c => c.Magnitude).ToArray();
            var bin = rate / 16384.0;
            var peak = spectrum.Max();
            // Energy more than 1 kHz away from the tone, relative to the peak.
            return 20 * Math.Log10(spectrum.Where((_, k) => Math.Abs(k * bin - 1000) > 1000).Max() / peak);
        }
        var ours = Splatter(smooth);
        var hard = Splatter(gated);
        Assert.True(ours < -80, $"ramped tone: splatter {ours:0.0} dB (hard gate {hard:0.0} dB)");
        Assert.True(hard > -60, $"hard-gated tone: splatter {hard:0.0} dB (the comparison must be able to fail)");
    }

    [Fact]
    public void Tone_BadParameters_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ToneProvider(8000, 1, 4000, -6, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ToneProvider(8000, 1, 440, 3, 1));
        Assert.Throws<ArgumentException>(() => new ToneProvider(8000, 1, 440, -6, 0.01, attack: 0.01, release: 0.01));
    }
}
