namespace Bci.Alignment.Synthetic;

/// <summary>
/// Ground truth for retrieval benchmarks: the evoked response to an item is a fixed, known nonlinear function of
/// its latent, f(z) = A tanh(B z) (a C x T spatio-temporal pattern), scaled so the mean signal power per sample
/// is 1; each trial adds AR(1) noise (temporally correlated like EEG background, unit variance per sample times
/// 1/SNR). Because f and the noise law are known, the Bayes-optimal choice among candidates (maximum likelihood
/// after whitening the AR(1) noise) is computable: the ceiling any decoder can reach.
/// </summary>
public sealed class LatentResponseModel
{
    private readonly double[,] _b; // hidden x latent
    private readonly double[,] _a; // (C*T) x hidden
    private readonly double _gain;

    public LatentResponseModel(int latentDimension, int channels, int samples, int hidden = 48, double noiseCorrelation = 0.9, int seed = 1)
    {
        LatentDimension = latentDimension;
        Channels = channels;
        Samples = samples;
        NoiseCorrelation = noiseCorrelation;
        var random = new Random(seed);
        _b = new double[hidden, latentDimension];
        for (var h = 0; h < hidden; h++)
            for (var d = 0; d < latentDimension; d++)
                _b[h, d] = Gaussian(random) * 2 / Math.Sqrt(latentDimension);
        // Smooth temporal patterns (a few cycles across the epoch) with random spatial weights: EEG-like responses.
        _a = new double[channels * samples, hidden];
        for (var h = 0; h < hidden; h++)
        {
            var frequency = 1 + random.NextDouble() * 5;
            var phase = random.NextDouble() * 2 * Math.PI;
            var latency = random.NextDouble();
            for (var c = 0; c < channels; c++)
            {
                var weight = Gaussian(random);
                for (var t = 0; t < samples; t++)
                {
                    var u = (double)t / samples;
                    var envelope = Math.Exp(-Math.Pow((u - latency) / 0.25, 2));
                    _a[c * samples + t, h] = weight * envelope * Math.Sin(2 * Math.PI * frequency * u + phase);
                }
            }
        }
        _gain = 1;
        var probe = new Random(seed + 1);
        double power = 0;
        const int probes = 200;
        for (var i = 0; i < probes; i++)
            power += Response(RandomLatent(probe)).Select(v => v * v).Average();
        _gain = 1 / Math.Sqrt(power / probes);
    }

    public int LatentDimension { get; }
    public int Channels { get; }
    public int Samples { get; }
    public double NoiseCorrelation { get; }

    /// <summary>A unit-length random latent (isotropic Gaussian direction).</summary>
    public float[] RandomLatent(Random random)
    {
        var z = new float[LatentDimension];
        double norm = 0;
        for (var d = 0; d < z.Length; d++) { z[d] = (float)Gaussian(random); norm += z[d] * z[d]; }
        for (var d = 0; d < z.Length; d++) z[d] = (float)(z[d] / Math.Sqrt(norm));
        return z;
    }

    /// <summary>The noiseless response, channel-major C x T.</summary>
    public double[] Response(ReadOnlySpan<float> latent)
    {
        var hidden = new double[_b.GetLength(0)];
        for (var h = 0; h < hidden.Length; h++)
        {
            double s = 0;
            for (var d = 0; d < latent.Length; d++) s += _b[h, d] * latent[d];
            hidden[h] = Math.Tanh(s);
        }
        var result = new double[Channels * Samples];
        for (var i = 0; i < result.Length; i++)
        {
            double s = 0;
            for (var h = 0; h < hidden.Length; h++) s += _a[i, h] * hidden[h];
            result[i] = s * _gain;
        }
        return result;
    }

    /// <summary>One trial: response plus AR(1) noise of variance 1/snr per sample (snr = signal power / noise power).</summary>
    public double[] Trial(ReadOnlySpan<float> latent, double snr, Random random)
    {
        var x = Response(latent);
        var sigma = Math.Sqrt(1 / snr);
        var phi = NoiseCorrelation;
        var innovation = Math.Sqrt(1 - phi * phi);
        for (var c = 0; c < Channels; c++)
        {
            var n = Gaussian(random); // stationary start
            for (var t = 0; t < Samples; t++)
            {
                if (t > 0) n = phi * n + innovation * Gaussian(random);
                x[c * Samples + t] += sigma * n;
            }
        }
        return x;
    }

    /// <summary>
    /// Negative log-likelihood (up to constants) of a trial given a candidate's noiseless response: the squared
    /// norm of the whitened residual. The smallest over the candidates is the Bayes-optimal choice.
    /// </summary>
    public double Distance(ReadOnlySpan<double> trial, ReadOnlySpan<double> response)
    {
        var phi = NoiseCorrelation;
        var innovation = Math.Sqrt(1 - phi * phi);
        double total = 0;
        for (var c = 0; c < Channels; c++)
        {
            var previous = 0.0;
            for (var t = 0; t < Samples; t++)
            {
                var r = trial[c * Samples + t] - response[c * Samples + t];
                var white = t == 0 ? r : (r - phi * previous) / innovation;
                total += white * white;
                previous = r;
            }
        }
        return total;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
