namespace Bci.Hardware.Tests;

/// <summary>
/// Band power by Welch's method with Hann windows and a plain DFT of the bins in the band: written here, independent
/// of the simulator's code and of the DSP stages, so the tests measure the simulated signal from the outside.
/// </summary>
internal static class Spectra
{
    /// <summary>Mean power spectral density over [low, high] Hz (units^2/Hz).</summary>
    public static double BandPower(ReadOnlySpan<double> x, double rate, double low, double high, int segment = 0)
    {
        if (segment <= 0) segment = Math.Min(x.Length, (int)rate * 2);
        var step = segment / 2;
        var window = new double[segment];
        var windowPower = 0.0;
        for (var i = 0; i < segment; i++)
        {
            window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / segment);
            windowPower += window[i] * window[i];
        }
        var first = (int)Math.Ceiling(low * segment / rate);
        var last = (int)Math.Floor(high * segment / rate);
        double total = 0;
        var count = 0;
        var buffer = new double[segment];
        for (var start = 0; start + segment <= x.Length; start += step)
        {
            var mean = 0.0;
            for (var i = 0; i < segment; i++) mean += x[start + i];
            mean /= segment;
            for (var i = 0; i < segment; i++) buffer[i] = (x[start + i] - mean) * window[i];
            for (var k = first; k <= last; k++)
            {
                double re = 0, im = 0;
                var w = -2 * Math.PI * k / segment;
                for (var i = 0; i < segment; i++)
                {
                    re += buffer[i] * Math.Cos(w * i);
                    im += buffer[i] * Math.Sin(w * i);
                }
                total += 2 * (re * re + im * im) / (rate * windowPower);
                count++;
            }
        }
        return total / count;
    }

    public static double[] Channel(double[] sampleMajor, int channels, int channel, int from = 0, int count = -1)
    {
        var n = sampleMajor.Length / channels;
        if (count < 0) count = n - from;
        var result = new double[count];
        for (var i = 0; i < count; i++) result[i] = sampleMajor[(from + i) * channels + channel];
        return result;
    }
}
