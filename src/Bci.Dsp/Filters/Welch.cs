using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace Bci.Dsp.Filters;

/// <summary>
/// Power spectral density by Welch's method (P. Welch, IEEE Trans. Audio Electroacoust. 15(2), 1967) with
/// scipy.signal.welch's defaults: periodic Hann window, 50 % overlap, constant detrend per segment, one-sided
/// density scaling (V^2/Hz), mean over segments, no padding of a partial last segment.
/// </summary>
public sealed class Welch
{
    private readonly double[] _window;
    private readonly double _scale;
    private readonly Complex[] _buffer;

    public Welch(int segmentLength, double rate)
    {
        if (segmentLength < 2) throw new ArgumentOutOfRangeException(nameof(segmentLength), segmentLength, "segments need at least 2 samples");
        if (!(rate > 0)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "rate must be positive");
        SegmentLength = segmentLength;
        Rate = rate;
        _window = new double[segmentLength];
        var sumSquares = 0.0;
        for (var n = 0; n < segmentLength; n++)
        {
            _window[n] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / segmentLength);
            sumSquares += _window[n] * _window[n];
        }
        _scale = 1.0 / (rate * sumSquares);
        _buffer = new Complex[segmentLength];
    }

    public int SegmentLength { get; }
    public double Rate { get; }
    public int Step => SegmentLength - SegmentLength / 2;
    public int BinCount => SegmentLength / 2 + 1;
    public double Resolution => Rate / SegmentLength;

    public double Frequency(int bin) => bin * Resolution;

    /// <summary>One-sided PSD of <paramref name="signal"/> into <paramref name="psd"/> (length <see cref="BinCount"/>).</summary>
    public void Psd(ReadOnlySpan<double> signal, Span<double> psd)
    {
        if (signal.Length < SegmentLength)
            throw new ArgumentException($"{signal.Length} samples are fewer than one Welch segment ({SegmentLength})", nameof(signal));
        psd.Slice(0, BinCount).Clear();
        var segments = (signal.Length - SegmentLength) / Step + 1;
        for (var k = 0; k < segments; k++)
        {
            var segment = signal.Slice(k * Step, SegmentLength);
            var mean = 0.0;
            foreach (var v in segment) mean += v;
            mean /= SegmentLength;
            for (var n = 0; n < SegmentLength; n++) _buffer[n] = new Complex((segment[n] - mean) * _window[n], 0);
            Fourier.Forward(_buffer, FourierOptions.Matlab);
            for (var b = 0; b < BinCount; b++)
            {
                var p = _buffer[b].Real * _buffer[b].Real + _buffer[b].Imaginary * _buffer[b].Imaginary;
                var oneSided = b == 0 || (SegmentLength % 2 == 0 && b == BinCount - 1) ? 1.0 : 2.0;
                psd[b] += p * _scale * oneSided;
            }
        }
        for (var b = 0; b < BinCount; b++) psd[b] /= segments;
    }

    /// <summary>Power in [low, high) Hz: the PSD bins in that range times the bin width.</summary>
    public double BandPower(ReadOnlySpan<double> psd, double low, double high)
    {
        var sum = 0.0;
        for (var b = 0; b < BinCount; b++)
        {
            var f = Frequency(b);
            if (f >= low && f < high) sum += psd[b];
        }
        return sum * Resolution;
    }
}
