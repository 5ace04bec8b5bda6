using System.Numerics;

namespace Bci.Dsp.Filters;

/// <summary>
/// Zeros/poles/gain to second-order sections with the "nearest" pairing of scipy.signal.zpk2sos (scipy 1.10):
/// poles are taken from the one closest to the unit circle outwards, each paired with its nearest zero, and the
/// sections are stored so that those closest to the unit circle come last (R. Lyons / Jackson's ordering rule:
/// it minimises the peak gain of the intermediate sections). Following scipy step for step yields identical
/// sections, which the golden tests check.
/// </summary>
internal static class SectionPairing
{
    // numpy: 100 * finfo(float64).eps
    private const double Tolerance = 100 * 2.220446049250313e-16;

    public static SecondOrderSections ToSections(ZeroPoleGain zpk)
    {
        var z = zpk.Zeros.ToList();
        var p = zpk.Poles.ToList();
        var k = zpk.Gain;
        if (z.Count == 0 && p.Count == 0)
            return new SecondOrderSections(new double[,] { { k, 0, 0, 1, 0, 0 } });

        while (p.Count < z.Count) p.Add(Complex.Zero);
        while (z.Count < p.Count) z.Add(Complex.Zero);
        var sectionCount = (Math.Max(p.Count, z.Count) + 1) / 2;
        if (p.Count % 2 == 1)
        {
            p.Add(Complex.Zero);
            z.Add(Complex.Zero);
        }

        var zs = SplitConjugates(z);
        var ps = SplitConjugates(p);
        var rows = new double[sectionCount, 6];

        for (var si = sectionCount - 1; si >= 0; si--)
        {
            var p1Index = Worst(ps);
            var p1 = ps[p1Index];
            ps.RemoveAt(p1Index);

            if (IsReal(p1) && ps.Count(IsReal) == 0)
            {
                // Last remaining real pole: pair it with the nearest real zero in a first-order section.
                var z1Index = Nearest(zs, p1, Which.Real);
                var z1 = zs[z1Index];
                zs.RemoveAt(z1Index);
                SetRow(rows, si, [z1, Complex.Zero], [p1, Complex.Zero]);
            }
            else if (ps.Count + 1 == zs.Count && !IsReal(p1) && ps.Count(IsReal) == 1 && zs.Count(IsReal) == 1)
            {
                // One real pole and one real zero left: this complex pole must take a complex zero.
                var z1Index = Nearest(zs, p1, Which.Complex);
                var z1 = zs[z1Index];
                zs.RemoveAt(z1Index);
                SetRow(rows, si, [z1, Complex.Conjugate(z1)], [p1, Complex.Conjugate(p1)]);
            }
            else
            {
                Complex p2;
                if (IsReal(p1))
                {
                    var realIndices = Enumerable.Range(0, ps.Count).Where(i => IsReal(ps[i])).ToList();
                    var p2Index = realIndices[Worst(realIndices.Select(i => ps[i]).ToList())];
                    p2 = ps[p2Index];
                    ps.RemoveAt(p2Index);
                }
                else
                {
                    p2 = Complex.Conjugate(p1);
                }

                if (zs.Count > 0)
                {
                    var z1Index = Nearest(zs, p1, Which.Any);
                    var z1 = zs[z1Index];
                    zs.RemoveAt(z1Index);
                    if (!IsReal(z1))
                    {
                        SetRow(rows, si, [z1, Complex.Conjugate(z1)], [p1, p2]);
                    }
                    else if (zs.Count > 0)
                    {
                        var z2Index = Nearest(zs, p1, Which.Real);
                        var z2 = zs[z2Index];
                        zs.RemoveAt(z2Index);
                        SetRow(rows, si, [z1, z2], [p1, p2]);
                    }
                    else
                    {
                        SetRow(rows, si, [z1], [p1, p2]);
                    }
                }
                else
                {
                    SetRow(rows, si, [], [p1, p2]);
                }
            }
        }

        for (var c = 0; c < 3; c++) rows[0, c] *= k;
        return new SecondOrderSections(rows);
    }

    private enum Which { Any, Real, Complex }

    private static bool IsReal(Complex value) => value.Imaginary == 0;

    /// <summary>Index of the root closest to the unit circle (first one on ties, as numpy.argmin).</summary>
    private static int Worst(List<Complex> roots)
    {
        var best = 0;
        for (var i = 1; i < roots.Count; i++)
            if (Math.Abs(1 - Complex.Abs(roots[i])) < Math.Abs(1 - Complex.Abs(roots[best]))) best = i;
        return best;
    }

    private static int Nearest(List<Complex> roots, Complex to, Which which)
    {
        var order = Enumerable.Range(0, roots.Count).OrderBy(i => Complex.Abs(roots[i] - to)).ToList();
        foreach (var i in order)
        {
            if (which == Which.Any) return i;
            if (which == Which.Real == IsReal(roots[i])) return i;
        }
        throw new InvalidOperationException($"no {which.ToString().ToLowerInvariant()} root left to pair with {to}");
    }

    /// <summary>
    /// scipy's _cplxreal: complex roots with positive imaginary part (each standing for its conjugate pair,
    /// averaged with it), followed by the real roots, both sorted by real part.
    /// </summary>
    private static List<Complex> SplitConjugates(List<Complex> roots)
    {
        var sorted = roots.OrderBy(r => r.Real).ThenBy(r => Math.Abs(r.Imaginary)).ToList();
        var reals = sorted.Where(r => Math.Abs(r.Imaginary) <= Tolerance * Complex.Abs(r)).Select(r => new Complex(r.Real, 0)).ToList();
        var complex = sorted.Where(r => Math.Abs(r.Imaginary) > Tolerance * Complex.Abs(r)).ToList();
        var positive = complex.Where(r => r.Imaginary > 0).ToList();
        var negative = complex.Where(r => r.Imaginary < 0).ToList();
        if (positive.Count != negative.Count)
            throw new InvalidOperationException("complex roots do not come in conjugate pairs");

        // Within runs of (nearly) equal real parts, order by |imaginary part| so that pairs line up.
        SortRuns(positive);
        SortRuns(negative, positive);
        var result = new List<Complex>(positive.Count + reals.Count);
        for (var i = 0; i < positive.Count; i++)
        {
            if (Complex.Abs(positive[i] - Complex.Conjugate(negative[i])) > Tolerance * Complex.Abs(negative[i]))
                throw new InvalidOperationException("complex roots do not come in conjugate pairs");
            result.Add((positive[i] + Complex.Conjugate(negative[i])) / 2);
        }
        result.AddRange(reals);
        return result;
    }

    /// <summary>Sorts runs of equal real part by |imag|; runs are found on <paramref name="runsOf"/> (the positive half).</summary>
    private static void SortRuns(List<Complex> values, List<Complex>? runsOf = null)
    {
        var reference = runsOf ?? values;
        var start = 0;
        while (start < reference.Count)
        {
            var stop = start;
            while (stop + 1 < reference.Count && reference[stop + 1].Real - reference[stop].Real <= Tolerance * Complex.Abs(reference[stop]))
                stop++;
            if (stop > start)
            {
                var run = values.GetRange(start, stop - start + 1).OrderBy(v => Math.Abs(v.Imaginary)).ToList();
                for (var i = 0; i < run.Count; i++) values[start + i] = run[i];
            }
            start = stop + 1;
        }
    }

    private static void SetRow(double[,] rows, int section, Complex[] zeros, Complex[] poles)
    {
        var b = Polynomial(zeros);
        var a = Polynomial(poles);
        // Right-aligned as scipy's _single_zpksos: a first-order factor fills the last two slots of the row.
        for (var i = 0; i < 3; i++) rows[section, i] = 0;
        for (var i = 0; i < b.Length; i++) rows[section, 3 - b.Length + i] = b[i];
        for (var i = 0; i < a.Length; i++) rows[section, 6 - a.Length + i] = a[i];
    }

    /// <summary>Monic polynomial with the given roots (numpy.poly); real when the roots are real or conjugate pairs.</summary>
    private static double[] Polynomial(Complex[] roots)
    {
        var c = new Complex[roots.Length + 1];
        c[0] = Complex.One;
        for (var j = 0; j < roots.Length; j++)
        {
            for (var i = j + 1; i >= 1; i--) c[i] -= roots[j] * c[i - 1];
        }
        return c.Select(v => v.Real).ToArray();
    }
}
