namespace Bci.Dsp.Filters;

/// <summary>
/// Second-order IIR notch filters for mains interference, as scipy.signal.iirnotch: zeros on the unit circle at the
/// notch frequency, poles just inside it, -3 dB bandwidth f0 / Q (S. J. Orfanidis, "Introduction to Signal
/// Processing", 1996, eq. 11.3.4 and 11.3.7).
/// </summary>
public static class NotchDesign
{
    /// <summary>One notch at <paramref name="frequency"/> Hz with quality factor <paramref name="q"/> (f0 / bandwidth).</summary>
    public static SecondOrderSections Notch(double frequency, double q, double rate)
    {
        if (!(rate > 0) || !double.IsFinite(rate))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "sampling rate must be a positive number of hertz");
        if (!(frequency > 0 && frequency < rate / 2))
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, $"notch frequency must lie strictly between 0 and the Nyquist frequency {rate / 2} Hz");
        if (!(q > 0) || !double.IsFinite(q))
            throw new ArgumentOutOfRangeException(nameof(q), q, "quality factor must be positive");

        var w0 = 2 * frequency / rate;
        var bw = w0 / q * Math.PI;
        w0 *= Math.PI;
        var gb = 1 / Math.Sqrt(2);
        var beta = Math.Sqrt(1.0 - gb * gb) / gb * Math.Tan(bw / 2.0);
        var gain = 1.0 / (1.0 + beta);
        return new SecondOrderSections(new double[,]
        {
            { gain, gain * (-2.0 * Math.Cos(w0)), gain, 1.0, -2.0 * gain * Math.Cos(w0), 2.0 * gain - 1.0 },
        });
    }

    /// <summary>
    /// Notches at <paramref name="fundamental"/> and its harmonics below Nyquist (at most <paramref name="harmonics"/>
    /// of them, counting the fundamental), each with the same Q.
    /// </summary>
    public static SecondOrderSections Harmonics(double fundamental, double q, double rate, int harmonics = int.MaxValue)
    {
        if (harmonics < 1) throw new ArgumentOutOfRangeException(nameof(harmonics), harmonics, "at least one notch");
        SecondOrderSections? cascade = null;
        for (var h = 1; h <= harmonics && h * fundamental < rate / 2; h++)
        {
            var notch = Notch(h * fundamental, q, rate);
            cascade = cascade is null ? notch : cascade.Then(notch);
        }
        return cascade ?? throw new ArgumentOutOfRangeException(nameof(fundamental), fundamental, $"no notch frequency below the Nyquist frequency {rate / 2} Hz");
    }
}
