namespace Bci.Lsl.Managed;

/// <summary>
/// liblsl's time_postprocessor: optional clock sync, dejitter (recursive least squares of timestamp against
/// sample index with exponential forgetting, half-time SmoothingHalftime) and monotonize. State restarts when the
/// clock is reset (the inlet switched outlets).
/// </summary>
internal sealed class TimestampPostProcessor(LslProcessing flags, double nominalRate, double halftimeSeconds, Func<double?> correction)
{
    private readonly double _lambda = nominalRate > 0 ? Math.Pow(2, -1.0 / (nominalRate * halftimeSeconds)) : 1;
    private bool _started;
    private double _baseline, _w0, _w1, _p00, _p01, _p11;
    private long _n;
    private double _lastOut = double.NegativeInfinity;

    public void Reset()
    {
        _started = false;
        _lastOut = double.NegativeInfinity;
    }

    public double Process(double timestamp)
    {
        if ((flags & LslProcessing.ClockSync) != 0 && correction() is { } c) timestamp += c;
        if ((flags & LslProcessing.Dejitter) != 0 && nominalRate > 0) timestamp = Dejitter(timestamp);
        if ((flags & LslProcessing.Monotonize) != 0)
        {
            if (timestamp < _lastOut) timestamp = _lastOut;
            _lastOut = timestamp;
        }
        return timestamp;
    }

    private double Dejitter(double timestamp)
    {
        if (!_started)
        {
            _started = true;
            _baseline = Math.Floor(timestamp);
            _w0 = 0;
            _w1 = 1.0 / nominalRate;
            _p00 = _p11 = 1e10;
            _p01 = 0;
            _n = 0;
        }
        double n = _n++;
        var x = timestamp - _baseline;
        // P u with u = (1, n)
        var pi0 = _p00 + _p01 * n;
        var pi1 = _p01 + _p11 * n;
        var gamma = _lambda + pi0 + pi1 * n;
        var k0 = pi0 / gamma;
        var k1 = pi1 / gamma;
        var error = x - (_w0 + _w1 * n);
        _w0 += k0 * error;
        _w1 += k1 * error;
        _p00 = (_p00 - k0 * pi0) / _lambda;
        _p01 = (_p01 - k0 * pi1) / _lambda;
        _p11 = (_p11 - k1 * pi1) / _lambda;
        return _w0 + _w1 * n + _baseline;
    }
}
