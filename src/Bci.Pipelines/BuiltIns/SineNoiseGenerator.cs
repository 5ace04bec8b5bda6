namespace Bci.Pipelines.BuiltIns;

/// <summary>
/// Produces the synthetic signal: channel c is amplitude * sin(2 pi f_c t + c pi / 8) plus Gaussian noise of the
/// given RMS, with f_c = frequencies[c mod count]. Deterministic for a seed, so tests know what to expect:
/// mean 0 and RMS sqrt(amplitude^2 / 2 + noise^2) per channel.
/// </summary>
internal sealed class SineNoiseGenerator(int channels, double rate, IReadOnlyList<double> frequencies, double amplitude, double noiseRms, int seed)
{
    private readonly Random _random = new(seed);
    private long _sampleIndex;
    private double? _spareGaussian;

    public long SamplesProduced => _sampleIndex;

    public static double PhaseOf(int channel) => channel * Math.PI / 8;

    /// <summary>Fills <paramref name="values"/> (sample-major, count x channels) with the next samples.</summary>
    public void Next(Span<double> values, int count)
    {
        for (var s = 0; s < count; s++)
        {
            var t = (_sampleIndex + s) / rate;
            for (var c = 0; c < channels; c++)
            {
                var f = frequencies[c % frequencies.Count];
                values[s * channels + c] = amplitude * Math.Sin(2 * Math.PI * f * t + PhaseOf(c)) + noiseRms * Gaussian();
            }
        }
        _sampleIndex += count;
    }

    // Box-Muller; the second value of each pair is kept for the next call.
    private double Gaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }
        double u1;
        do u1 = _random.NextDouble(); while (u1 <= double.Epsilon);
        var u2 = _random.NextDouble();
        var radius = Math.Sqrt(-2 * Math.Log(u1));
        _spareGaussian = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }
}
