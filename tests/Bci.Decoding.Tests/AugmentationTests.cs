using Bci.Decoding.Augmentation;
using static TorchSharp.torch;

namespace Bci.Decoding.Tests;

public sealed class AugmentationTests
{
    private const double Rate = 128;

    private static Tensor Sine(double hz, int samples = 256) =>
        sin(arange(samples, dtype: ScalarType.Float32) * (float)(2 * Math.PI * hz / Rate)).reshape(1, 1, samples);

    private static double PeakHz(Tensor x)
    {
        var spectrum = fft.rfft(x.flatten()).abs().data<float>().ToArray();
        var bin = Array.IndexOf(spectrum, spectrum.Max());
        return bin * Rate / x.shape[^1];
    }

    [Fact]
    public void NoAugmentation_ReturnsTheInput()
    {
        using var scope = NewDisposeScope();
        using var augmenter = new ViewAugmenter(AugmentationConfig.None, Rate, 1);
        var x = randn(3, 4, 64);

        Assert.True(augmenter.Apply(x).allclose(x));
    }

    [Fact]
    public void FrequencyShift_MovesA10HzRhythmBy2Hz()
    {
        using var scope = NewDisposeScope();
        // only the frequency shift, and at exactly +2 Hz: a uniform draw in [-2, 2] is pinned by checking the sign
        using var augmenter = new ViewAugmenter(AugmentationConfig.None with { MaxFrequencyShift = 2 }, Rate, 4);
        var x = Sine(10);

        var peaks = Enumerable.Range(0, 20).Select(_ => PeakHz(augmenter.Apply(x))).ToList();

        Assert.All(peaks, p => Assert.InRange(p, 8 - 0.5, 12 + 0.5));
        Assert.Contains(peaks, p => p > 10.9);
        Assert.Contains(peaks, p => p < 9.1);
    }

    [Fact]
    public void TimeShift_ShiftsWithZeroFill_NotRotation()
    {
        using var scope = NewDisposeScope();
        using var augmenter = new ViewAugmenter(AugmentationConfig.None with { MaxShift = 0.1 }, Rate, 2);
        var x = ones(8, 1, 128);

        var y = augmenter.Apply(x);

        var zeros = y.eq(0).sum(2).flatten().data<long>().ToArray();
        Assert.Contains(zeros, z => z > 0);
        Assert.All(zeros, z => Assert.InRange(z, 0, (long)Math.Round(0.1 * Rate)));
        Assert.True(y.sum().item<float>() > 0.8f * 8 * 128);
    }

    [Fact]
    public void ChannelDropoutAndScaling_StayWithinTheirBounds()
    {
        using var scope = NewDisposeScope();
        using var augmenter = new ViewAugmenter(AugmentationConfig.None with { AmplitudeScale = 0.2, ChannelDropout = 0.5 }, Rate, 3);
        var x = ones(16, 6, 32);

        var y = augmenter.Apply(x);

        var perChannel = y.mean([2]).flatten().data<float>().ToArray();
        Assert.Contains(perChannel, v => v == 0);
        Assert.All(perChannel.Where(v => v != 0), v => Assert.InRange(v, 0.8f - 1e-5f, 1.2f + 1e-5f));
    }

    [Fact]
    public void SameSeed_GivesTheSameViews()
    {
        using var scope = NewDisposeScope();
        var x = randn(4, 3, 64);
        using var a = new ViewAugmenter(new AugmentationConfig(), Rate, 10);
        using var b = new ViewAugmenter(new AugmentationConfig(), Rate, 10);

        Assert.True(a.Apply(x).eq(b.Apply(x)).all().item<bool>());
    }
}
