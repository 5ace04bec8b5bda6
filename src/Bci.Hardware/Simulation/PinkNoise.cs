namespace Bci.Hardware.Simulation;

/// <summary>
/// Approximately 1/f ("pink") noise: a sum of one-pole low-pass filters of white noise with corner frequencies a
/// factor 3 apart (0.5 Hz up to a quarter of the rate), each weighted so its low-frequency level is proportional to
/// 1 / corner: the sum's spectrum then falls as 1/f over that range. Scaled to unit variance.
/// </summary>
public sealed class PinkNoise
{
    private readonly double[] _a;
    private readonly double[] _b;
    private readonly double[] _state;
    private readonly Xoshiro _random;
    private readonly double _scale;

    public PinkNoise(double rate, Xoshiro random)
    {
        _random = random;
        var corners = new List<double>();
        for (var fc = 0.5; fc < rate / 4; fc *= 3) corners.Add(fc);
        _a = new double[corners.Count];
        _b = new double[corners.Count];
        _state = new double[corners.Count];
        var variance = 0.0;
        for (var i = 0; i < corners.Count; i++)
        {
            _a[i] = Math.Exp(-2 * Math.PI * corners[i] / rate);
            _b[i] = (1 - _a[i]) / Math.Sqrt(corners[i]);           // DC power of filter i ~ 1 / corner
            variance += _b[i] * _b[i] / (1 - _a[i] * _a[i]);          // stationary variance of an AR(1)
        }
        _scale = 1 / Math.Sqrt(variance);
        // Start in the stationary state so the first seconds look like the rest.
        for (var i = 0; i < corners.Count; i++) _state[i] = random.NextGaussian() * _b[i] / Math.Sqrt(1 - _a[i] * _a[i]);
    }

    public double Next()
    {
        var sum = 0.0;
        for (var i = 0; i < _state.Length; i++)
        {
            _state[i] = _a[i] * _state[i] + _b[i] * _random.NextGaussian();
            sum += _state[i];
        }
        return sum * _scale;
    }
}
