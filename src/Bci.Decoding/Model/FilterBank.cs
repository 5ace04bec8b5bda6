namespace Bci.Decoding.Model;

/// <summary>
/// Fixed band-pass FIR kernels for the filter-bank front end (the idea of filter-bank CSP, Ang et al. 2008): one
/// kernel per band between consecutive edges, so the model sees mu (8-12 Hz) and beta (e.g. 16-24 Hz) power
/// separately instead of learning them from a few short temporal filters. Windowed sinc (Hamming), odd length,
/// linear phase, each scaled to unit gain at its band's centre.
/// </summary>
public static class FilterBank
{
    /// <summary>Kernels [bands][taps] for the bands between consecutive <paramref name="edges"/> (Hz).</summary>
    public static double[][] Design(IReadOnlyList<double> edges, int taps, double rate)
    {
        var problem = Problem(edges, rate);
        if (problem is not null) throw new ArgumentException(problem, nameof(edges));
        if (taps < 3 || taps % 2 == 0) throw new ArgumentException($"filter-bank kernels need an odd length >= 3 (is {taps})", nameof(taps));
        var kernels = new double[edges.Count - 1][];
        var middle = taps / 2;
        for (var b = 0; b < kernels.Length; b++)
        {
            double low = edges[b] / rate, high = edges[b + 1] / rate; // cycles per sample
            var h = new double[taps];
            for (var n = 0; n < taps; n++)
            {
                var m = n - middle;
                var ideal = m == 0 ? 2 * (high - low) : (Math.Sin(2 * Math.PI * high * m) - Math.Sin(2 * Math.PI * low * m)) / (Math.PI * m);
                h[n] = ideal * (0.54 - 0.46 * Math.Cos(2 * Math.PI * n / (taps - 1)));
            }
            var centre = (low + high) / 2;
            double re = 0, im = 0;
            for (var n = 0; n < taps; n++) { re += h[n] * Math.Cos(2 * Math.PI * centre * n); im -= h[n] * Math.Sin(2 * Math.PI * centre * n); }
            var gain = Math.Sqrt(re * re + im * im);
            for (var n = 0; n < taps; n++) h[n] /= gain;
            kernels[b] = h;
        }
        return kernels;
    }

    /// <summary>What is wrong with the band edges at this rate, or null.</summary>
    public static string? Problem(IReadOnlyList<double> edges, double rate)
    {
        if (edges.Count < 2) return $"filter-bank: give at least two band edges in Hz (has {edges.Count})";
        for (var i = 0; i < edges.Count; i++)
        {
            if (!(edges[i] > 0) || !(edges[i] < rate / 2)) return $"filter-bank: edge {edges[i]} Hz must be between 0 and {rate / 2} Hz (half the rate)";
            if (i > 0 && !(edges[i] > edges[i - 1])) return $"filter-bank: edges must increase ({edges[i - 1]} Hz then {edges[i]} Hz)";
        }
        return null;
    }
}
