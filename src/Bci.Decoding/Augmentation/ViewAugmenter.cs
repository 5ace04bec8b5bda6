using Bci.Decoding.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Bci.Decoding.Augmentation;

/// <summary>
/// Makes one augmented view of a batch [B, C, T] sampled at <c>rate</c>: time shift, amplitude scaling, channel
/// dropout, additive noise and frequency shift, each drawn per item from its own seeded generator so that a run
/// with the same seed sees the same views.
/// </summary>
public sealed class ViewAugmenter(AugmentationConfig config, double rate, long seed) : IDisposable
{
    private readonly Generator _generator = new((ulong)seed);

    public AugmentationConfig Config { get; } = config;

    public Tensor Apply(Tensor batch)
    {
        using var scope = NewDisposeScope();
        var b = batch.shape[0];
        var c = batch.shape[1];
        var t = batch.shape[2];
        var x = batch;

        if (Config.MaxFrequencyShift > 0) x = FrequencyShift(x, Uniform(b, Config.MaxFrequencyShift));
        if (Config.MaxShift > 0) x = TimeShift(x, Uniform(b, Config.MaxShift * rate));
        if (Config.AmplitudeScale > 0) x = x * Uniform(b, Config.AmplitudeScale).Plus(1).reshape(b, 1, 1).to(x.device);
        if (Config.NoiseLevel > 0)
        {
            var std = x.std(2, keepdim: true);
            x = x.Plus((randn(b, c, t, generator: _generator).to(x.device) * std).Times(Config.NoiseLevel));
        }
        if (Config.ChannelDropout > 0)
        {
            var keep = rand(b, c, 1, generator: _generator).NotBelow(Config.ChannelDropout).to_type(x.dtype).to(x.device);
            x = x * keep;
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>B values uniform in [-max, max].</summary>
    private Tensor Uniform(long b, double max) => rand(b, generator: _generator).Times(2).Plus(-1).Times(max);

    private static Tensor TimeShift(Tensor x, Tensor shifts)
    {
        var t = x.shape[2];
        var shifted = new List<Tensor>();
        var amounts = shifts.data<float>().ToArray();
        for (var i = 0; i < amounts.Length; i++)
        {
            var k = (long)Math.Round(amounts[i]);
            var item = x[i];
            if (k == 0 || Math.Abs(k) >= t)
            {
                shifted.Add(item);
                continue;
            }
            var rolled = item.roll(k, 1);
            // zero what wrapped around: a shift, not a rotation (mask built in managed memory: no Scalar temporaries)
            var keep = new float[t];
            for (var j = 0; j < t; j++) keep[j] = (k > 0 ? j >= k : j < t + k) ? 1f : 0f;
            var mask = tensor(keep).to_type(x.dtype).to(x.device);
            shifted.Add(rolled * mask);
        }
        return stack(shifted, 0);
    }

    /// <summary>
    /// Moves every frequency component by Δf (per item): the analytic signal (one-sided spectrum via FFT) times
    /// exp(i 2π Δf t), real part. A pure single-sided shift, unlike amplitude modulation which makes two sidebands.
    /// </summary>
    private Tensor FrequencyShift(Tensor x, Tensor shiftsHz)
    {
        var t = x.shape[2];
        var spectrum = fft.fft_(x, dim: 2);
        // one-sided spectrum weights 1, 2, ..., 2, (1 at Nyquist for even t), 0, ..., built in managed memory
        var weights = new float[t];
        weights[0] = 1;
        for (var j = 1; j < (t + 1) / 2; j++) weights[j] = 2;
        if (t % 2 == 0) weights[t / 2] = 1;
        var h = tensor(weights);
        var analytic = fft.ifft(spectrum * h.to(x.device), dim: 2);
        var time = arange(t, dtype: ScalarType.Float32).Over(rate);
        var phase = (shiftsHz.reshape(-1, 1, 1) * time.reshape(1, 1, -1)).Times(2 * Math.PI);
        var rotation = complex(cos(phase), sin(phase)).to(x.device);
        return (analytic * rotation).real.to_type(x.dtype);
    }

    public void Dispose() => _generator.Dispose();
}
