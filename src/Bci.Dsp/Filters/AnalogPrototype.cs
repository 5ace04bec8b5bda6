using System.Numerics;

namespace Bci.Dsp.Filters;

/// <summary>
/// The classical analog design path: a normalised low-pass prototype (cut-off 1 rad/s), a frequency
/// transformation to the wanted low/high/band-pass/band-stop, and the bilinear transform to the z-plane.
/// Formulas as in A. V. Oppenheim, R. W. Schafer, "Discrete-Time Signal Processing" (3rd ed., sec. 7.2 and 7.4)
/// and written step for step as scipy.signal's buttap / lp2lp_zpk / lp2hp_zpk / lp2bp_zpk / lp2bs_zpk /
/// bilinear_zpk, so that the roots come out in the same order and the coefficients agree to rounding.
/// </summary>
internal static class AnalogPrototype
{
    /// <summary>Butterworth prototype: N poles equally spaced on the left half of the unit circle, no zeros.</summary>
    public static ZeroPoleGain Butterworth(int order)
    {
        var poles = new Complex[order];
        for (var i = 0; i < order; i++)
        {
            var m = -order + 1 + 2 * i;
            poles[i] = -Complex.Exp(Complex.ImaginaryOne * (Math.PI * m / (2.0 * order)));
        }
        return new ZeroPoleGain([], poles, 1.0);
    }

    public static ZeroPoleGain LowpassToLowpass(ZeroPoleGain prototype, double wo)
    {
        var degree = prototype.RelativeDegree;
        return new ZeroPoleGain(
            prototype.Zeros.Select(z => wo * z).ToArray(),
            prototype.Poles.Select(p => wo * p).ToArray(),
            prototype.Gain * Math.Pow(wo, degree));
    }

    public static ZeroPoleGain LowpassToHighpass(ZeroPoleGain prototype, double wo)
    {
        var degree = prototype.RelativeDegree;
        var zeros = prototype.Zeros.Select(z => wo / z).Concat(Enumerable.Repeat(Complex.Zero, degree)).ToArray();
        var poles = prototype.Poles.Select(p => wo / p).ToArray();
        var gain = prototype.Gain * (Product(prototype.Zeros, z => -z) / Product(prototype.Poles, p => -p)).Real;
        return new ZeroPoleGain(zeros, poles, gain);
    }

    public static ZeroPoleGain LowpassToBandpass(ZeroPoleGain prototype, double wo, double bw)
    {
        var degree = prototype.RelativeDegree;
        var zl = prototype.Zeros.Select(z => z * bw / 2).ToArray();
        var pl = prototype.Poles.Select(p => p * bw / 2).ToArray();
        var zeros = zl.Select(z => z + Complex.Sqrt(z * z - wo * wo))
            .Concat(zl.Select(z => z - Complex.Sqrt(z * z - wo * wo)))
            .Concat(Enumerable.Repeat(Complex.Zero, degree)).ToArray();
        var poles = pl.Select(p => p + Complex.Sqrt(p * p - wo * wo))
            .Concat(pl.Select(p => p - Complex.Sqrt(p * p - wo * wo))).ToArray();
        return new ZeroPoleGain(zeros, poles, prototype.Gain * Math.Pow(bw, degree));
    }

    public static ZeroPoleGain LowpassToBandstop(ZeroPoleGain prototype, double wo, double bw)
    {
        var degree = prototype.RelativeDegree;
        var zh = prototype.Zeros.Select(z => (bw / 2) / z).ToArray();
        var ph = prototype.Poles.Select(p => (bw / 2) / p).ToArray();
        var zeros = zh.Select(z => z + Complex.Sqrt(z * z - wo * wo))
            .Concat(zh.Select(z => z - Complex.Sqrt(z * z - wo * wo)))
            .Concat(Enumerable.Repeat(new Complex(0, wo), degree))
            .Concat(Enumerable.Repeat(new Complex(0, -wo), degree)).ToArray();
        var poles = ph.Select(p => p + Complex.Sqrt(p * p - wo * wo))
            .Concat(ph.Select(p => p - Complex.Sqrt(p * p - wo * wo))).ToArray();
        var gain = prototype.Gain * (Product(prototype.Zeros, z => -z) / Product(prototype.Poles, p => -p)).Real;
        return new ZeroPoleGain(zeros, poles, gain);
    }

    /// <summary>
    /// Bilinear transform s = 2 fs (z - 1) / (z + 1). Zeros at infinity map to z = -1 (Nyquist). Frequencies must
    /// have been pre-warped (w_analog = 2 fs tan(w_digital / 2)) so the cut-offs land where they were asked for.
    /// </summary>
    public static ZeroPoleGain Bilinear(ZeroPoleGain analog, double fs)
    {
        var degree = analog.RelativeDegree;
        var fs2 = 2.0 * fs;
        var zeros = analog.Zeros.Select(z => (fs2 + z) / (fs2 - z)).Concat(Enumerable.Repeat(new Complex(-1, 0), degree)).ToArray();
        var poles = analog.Poles.Select(p => (fs2 + p) / (fs2 - p)).ToArray();
        var gain = analog.Gain * (Product(analog.Zeros, z => fs2 - z) / Product(analog.Poles, p => fs2 - p)).Real;
        return new ZeroPoleGain(zeros, poles, gain);
    }

    private static Complex Product(Complex[] values, Func<Complex, Complex> map)
    {
        var product = Complex.One;
        foreach (var v in values) product *= map(v);
        return product;
    }
}
