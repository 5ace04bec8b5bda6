namespace Bci.Hardware.Simulation;

/// <summary>
/// A narrow-band rhythm (alpha, mu, beta): white noise through a two-pole resonator at <c>frequency</c> with the given
/// bandwidth, scaled to unit variance. Its amplitude waxes and wanes like a real rhythm's instead of being a sine.
/// </summary>
public sealed class Resonator
{
    private readonly double _a1;
    private readonly double _a2;
    private readonly double _gain;
    private readonly Xoshiro _random;
    private double _y1;
    private double _y2;

    public Resonator(double frequency, double bandwidth, double rate, Xoshiro random)
    {
        _random = random;
        var r = Math.Exp(-Math.PI * bandwidth / rate);
        _a1 = 2 * r * Math.Cos(2 * Math.PI * frequency / rate);
        _a2 = -r * r;
        // Stationary variance of y[n] = a1 y[n-1] + a2 y[n-2] + e[n] with unit-variance e.
        var variance = (1 - _a2) / ((1 + _a2) * ((1 - _a2) * (1 - _a2) - _a1 * _a1));
        _gain = 1 / Math.Sqrt(variance);
        for (var i = 0; i < 2000; i++) Next(); // settle into the stationary state
    }

    public double Next()
    {
        var y = _a1 * _y1 + _a2 * _y2 + _random.NextGaussian();
        _y2 = _y1;
        _y1 = y;
        return y * _gain;
    }
}
