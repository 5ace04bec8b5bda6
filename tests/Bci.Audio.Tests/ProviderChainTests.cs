using Bci.Audio.Providers;

namespace Bci.Audio.Tests;

public sealed class ProviderChainTests
{
    [Theory]
    [InlineData(44100, 48000, 1000.0)]
    [InlineData(48000, 44100, 5000.0)]
    [InlineData(16000, 48000, 440.0)]
    [InlineData(48000, 16000, 3000.0)]
    public void Resampler_SineMatchesTheAnalyticSineAtTheNewRate(int from, int to, double frequency)
    {
        var input = new ToneProvider(from, 1, frequency, -6, duration: 1, attack: 0, release: 0);
        var output = Providers.Drain(new ResamplingProvider(input, to));
        Assert.Equal((int)Math.Ceiling(from * (double)to / from), output.Length);
        var amplitude = Decibels.ToGain(-6);
        var worst = 0.0;
        for (var n = to / 10; n < output.Length - to / 10; n++)
            worst = Math.Max(worst, Math.Abs(output[n] - amplitude * Math.Sin(2 * Math.PI * frequency * n / to)));
        Assert.True(worst < 1e-4, $"{from}->{to} Hz: largest error {worst:E2} ({Decibels.FromGain(worst):0.0} dBFS)");
    }

    [Fact]
    public void Resampler_AttenuatesWhatWouldAlias()
    {
        // 12 kHz cannot be represented at 16 kHz (Nyquist 8 kHz): it must be removed, not folded to 4 kHz.
        var input = new ToneProvider(48000, 1, 12000, 0, duration: 1, attack: 0, release: 0);
        var output = Providers.Drain(new ResamplingProvider(input, 16000));
        var rms = Math.Sqrt(output.Skip(1600).Take(12800).Average(v => v * v));
        Assert.True(Decibels.FromGain(rms * Math.Sqrt(2)) < -90, $"alias level {Decibels.FromGain(rms * Math.Sqrt(2)):0.0} dBFS");
    }

    [Fact]
    public void Resampler_OutputDoesNotDependOnReadBlockSize()
    {
        float[] Run(int block) => Providers.Drain(new ResamplingProvider(new ToneProvider(44100, 2, 700, -3, 0.3), 48000), block: block)
            .Select(v => (float)v).ToArray();
        Assert.Equal(Run(4096), Run(7));
    }

    [Fact]
    public void Resampler_RefusesRatiosWithoutASmallFraction()
    {
        var e = Assert.Throws<ArgumentException>(() => new ResamplingProvider(new ToneProvider(44100, 1, 440, -6, 1), 48001));
        Assert.Contains("48001", e.Message);
    }

    [Fact]
    public void Mixer_SumsSpreadsMonoAndReportsStartFrames()
    {
        var mixer = new MixerProvider(8000, 2);
        long? firstStart = null, secondStart = null;
        mixer.Add(new BufferProvider([0.25f, 0.25f, 0.25f], 8000, 1), f => firstStart = f);
        var block = new float[2 * 4];
        Assert.Equal(4, mixer.Read(block));
        Assert.Equal([0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0, 0], block);
        mixer.Add(new BufferProvider([0.5f, -0.5f, 0.5f, -0.5f], 8000, 2), f => secondStart = f);
        mixer.Add(new BufferProvider([0.125f], 8000, 1));
        Assert.Equal(4, mixer.Read(block));
        Assert.Equal([0.625f, -0.375f, 0.5f, -0.5f, 0, 0, 0, 0], block);
        Assert.Equal(0, firstStart);
        Assert.Equal(4, secondStart);
        Assert.Equal(0, mixer.ActiveCount);
        Assert.Equal(4, mixer.Read(block)); // endless: silence
        Assert.All(block, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Mixer_RejectsMismatchedSources()
    {
        var mixer = new MixerProvider(48000, 2);
        Assert.Throws<ArgumentException>(() => mixer.Add(new ToneProvider(44100, 2, 440, -6, 1)));
        Assert.Throws<ArgumentException>(() => mixer.Add(new ToneProvider(48000, 3, 440, -6, 1)));
    }

    [Fact]
    public void Gain_ScalesByDecibelsAndRampsChanges()
    {
        var gain = new GainProvider(new BufferProvider(Enumerable.Repeat(0.5f, 1000).ToArray(), 8000, 1), -6.0206) { RampFrames = 100 };
        var first = Providers.Drain(gain, 10, block: 10);
        Assert.All(first, v => Assert.Equal(0.25, v, precision: 4));
        gain.GainDb = 0;
        var rest = Providers.Drain(gain, 200, block: 200);
        Assert.True(rest[0] < 0.26 && rest[50] is > 0.3 and < 0.45 && Math.Abs(rest[150] - 0.5) < 1e-6, "the change ramps over 100 frames");
    }
}
