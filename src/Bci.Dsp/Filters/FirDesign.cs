using MathNet.Numerics;

namespace Bci.Dsp.Filters;

/// <summary>
/// Linear-phase FIR filters by the window method (ideal band-limited impulse response, a sum of sincs, times a
/// taper), as scipy.signal.firwin: the same band bookkeeping, the same symmetric windows, and the same scaling to
/// unit gain at the centre of the first pass band.
/// </summary>
public static class FirDesign
{
    /// <summary>
    /// Taps of a windowed-sinc filter. <paramref name="cutoffs"/> are band edges in hertz, increasing;
    /// <paramref name="passZero"/> true makes the first band (from 0 Hz) a pass band (low-pass / band-stop).
    /// <paramref name="kaiserBeta"/> is used only by <see cref="FirWindow.Kaiser"/>.
    /// </summary>
    public static double[] Firwin(int taps, double[] cutoffs, double rate, bool passZero = true, FirWindow window = FirWindow.Hamming, double kaiserBeta = 5.0)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        if (taps < 1) throw new ArgumentOutOfRangeException(nameof(taps), taps, "at least one tap");
        if (cutoffs.Length == 0) throw new ArgumentException("at least one cut-off", nameof(cutoffs));
        var nyquist = 0.5 * rate;
        var edges = cutoffs.Select(c => c / nyquist).ToList();
        for (var i = 0; i < edges.Count; i++)
        {
            if (!(edges[i] > 0 && edges[i] < 1))
                throw new ArgumentOutOfRangeException(nameof(cutoffs), cutoffs[i], $"cut-off must lie strictly between 0 and the Nyquist frequency {nyquist} Hz");
            if (i > 0 && !(edges[i] > edges[i - 1]))
                throw new ArgumentException("cut-offs must increase", nameof(cutoffs));
        }
        var passNyquist = ((edges.Count & 1) == 1) ^ passZero;
        if (passNyquist && taps % 2 == 0)
            throw new ArgumentException($"a filter that passes the Nyquist frequency needs an odd number of taps, not {taps}", nameof(taps));
        if (passZero) edges.Insert(0, 0.0);
        if (passNyquist) edges.Add(1.0);

        var alpha = 0.5 * (taps - 1);
        var h = new double[taps];
        for (var b = 0; b < edges.Count; b += 2)
        {
            var left = edges[b];
            var right = edges[b + 1];
            for (var n = 0; n < taps; n++)
            {
                var m = n - alpha;
                h[n] += right * Sinc(right * m);
                h[n] -= left * Sinc(left * m);
            }
        }
        var taper = Window(window, taps, kaiserBeta);
        for (var n = 0; n < taps; n++) h[n] *= taper[n];

        // Unit gain at 0 Hz (low-pass), at Nyquist (high-pass) or at the centre of the first pass band.
        var (l0, r0) = (edges[0], edges[1]);
        var scaleFrequency = l0 == 0 ? 0.0 : r0 == 1 ? 1.0 : 0.5 * (l0 + r0);
        var sum = 0.0;
        for (var n = 0; n < taps; n++) sum += h[n] * Math.Cos(Math.PI * (n - alpha) * scaleFrequency);
        for (var n = 0; n < taps; n++) h[n] /= sum;
        return h;
    }

    /// <summary>Symmetric window of <paramref name="length"/> points.</summary>
    public static double[] Window(FirWindow window, int length, double kaiserBeta = 5.0)
    {
        var w = new double[length];
        if (length == 1)
        {
            w[0] = 1;
            return w;
        }
        switch (window)
        {
            case FirWindow.Rectangular:
                Array.Fill(w, 1.0);
                break;
            case FirWindow.Hamming:
                GeneralCosine(w, [0.54, 0.46]);
                break;
            case FirWindow.Hann:
                GeneralCosine(w, [0.5, 0.5]);
                break;
            case FirWindow.Blackman:
                GeneralCosine(w, [0.42, 0.50, 0.08]);
                break;
            case FirWindow.Kaiser:
            {
                var alpha = (length - 1) / 2.0;
                var denominator = SpecialFunctions.BesselI0(kaiserBeta);
                for (var n = 0; n < length; n++)
                {
                    var r = (n - alpha) / alpha;
                    w[n] = SpecialFunctions.BesselI0(kaiserBeta * Math.Sqrt(1 - r * r)) / denominator;
                }
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(window), window, "unknown window");
        }
        return w;
    }

    /// <summary>scipy's general_cosine: sum of a_k cos(k x) over x = linspace(-pi, pi, M).</summary>
    private static void GeneralCosine(double[] w, double[] a)
    {
        var m = w.Length;
        var step = 2 * Math.PI / (m - 1);
        for (var n = 0; n < m; n++)
        {
            var x = n == m - 1 ? Math.PI : -Math.PI + n * step;
            var sum = 0.0;
            for (var k = 0; k < a.Length; k++) sum += a[k] * Math.Cos(k * x);
            w[n] = sum;
        }
    }

    private static double Sinc(double x) => x == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
}
