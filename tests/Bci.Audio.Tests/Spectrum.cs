using System.Numerics;

namespace Bci.Audio.Tests;

/// <summary>A plain radix-2 FFT and the spectrum measures the tests need (peak frequency, sine amplitude).</summary>
internal static class Spectrum
{
    public static Complex[] Fft(ReadOnlySpan<double> signal, int size)
    {
        if ((size & (size - 1)) != 0) throw new ArgumentException("size must be a power of two");
        var a = new Complex[size];
        for (var i = 0; i < Math.Min(size, signal.Length); i++) a[i] = signal[i];
        for (int i = 1, j = 0; i < size; i++)
        {
            var bit = size >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) (a[i], a[j]) = (a[j], a[i]);
        }
        for (var len = 2; len <= size; len <<= 1)
        {
            var w = Complex.FromPolarCoordinates(1, -2 * Math.PI / len);
            for (var i = 0; i < size; i += len)
            {
                var wk = Complex.One;
                for (var k = 0; k < len / 2; k++)
                {
                    var u = a[i + k];
                    var v = a[i + k + len / 2] * wk;
                    a[i + k] = u + v;
                    a[i + k + len / 2] = u - v;
                    wk *= w;
                }
            }
        }
        return a;
    }

    /// <summary>Magnitudes of the Hann-windowed one-sided spectrum, scaled so a sine of peak A shows A at its bin.</summary>
    public static double[] HannAmplitudes(ReadOnlySpan<double> signal, int size)
    {
        var n = signal.Length;
        var windowed = new double[n];
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            var w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n);
            windowed[i] = signal[i] * w;
            sum += w;
        }
        var spectrum = Fft(windowed, size);
        return spectrum.Take(size / 2).Select(c => 2 * c.Magnitude / sum).ToArray();
    }

    /// <summary>Frequency of the largest peak, refined by a parabola through the log magnitudes of its bin and neighbours.</summary>
    public static double PeakFrequency(double[] amplitudes, double binHz)
    {
        var k = 1;
        for (var i = 1; i < amplitudes.Length - 1; i++)
            if (amplitudes[i] > amplitudes[k]) k = i;
        double a = Math.Log(amplitudes[k - 1]), b = Math.Log(amplitudes[k]), c = Math.Log(amplitudes[k + 1]);
        return (k + 0.5 * (a - c) / (a - 2 * b + c)) * binHz;
    }
}
