namespace Bci.Dsp.Streaming;

/// <summary>
/// Per-channel adjusted exponentially weighted mean and variance (pandas ewm(alpha).mean() semantics), applied
/// sample by sample so that any chunking gives the same output. NaN inputs give NaN outputs and leave the
/// averages untouched.
/// </summary>
public sealed class MovingStandardizer
{
    private readonly double _decay;
    private readonly double _epsilon;
    private readonly double[] _meanSum, _meanWeight, _varSum, _varWeight;

    public MovingStandardizer(int channels, double factor, double epsilon)
    {
        _decay = 1 - factor;
        _epsilon = epsilon;
        _meanSum = new double[channels];
        _meanWeight = new double[channels];
        _varSum = new double[channels];
        _varWeight = new double[channels];
    }

    public int ChannelCount => _meanSum.Length;

    /// <summary>Standardises sample-major <paramref name="input"/> into <paramref name="output"/>.</summary>
    public void Process(ReadOnlySpan<double> input, Span<double> output)
    {
        var c = ChannelCount;
        for (var i = 0; i < input.Length; i++)
        {
            var ch = i % c;
            var x = input[i];
            if (!double.IsFinite(x))
            {
                output[i] = double.NaN;
                continue;
            }
            _meanSum[ch] = x + _decay * _meanSum[ch];
            _meanWeight[ch] = 1 + _decay * _meanWeight[ch];
            var mean = _meanSum[ch] / _meanWeight[ch];
            var d = x - mean;
            _varSum[ch] = d * d + _decay * _varSum[ch];
            _varWeight[ch] = 1 + _decay * _varWeight[ch];
            var sd = Math.Sqrt(_varSum[ch] / _varWeight[ch]);
            output[i] = d / Math.Max(sd, _epsilon);
        }
    }
}
