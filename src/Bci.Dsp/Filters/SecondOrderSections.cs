using System.Numerics;

namespace Bci.Dsp.Filters;

/// <summary>
/// A digital IIR filter as a cascade of second-order sections, each row [b0 b1 b2 a0 a1 a2] with a0 = 1 (the
/// layout of scipy's <c>sos</c> arrays). Cascades of biquads keep high orders numerically stable where a single
/// transfer function (b, a) would not. Immutable.
/// </summary>
public sealed class SecondOrderSections
{
    private readonly double[] _rows;

    /// <summary>Builds sections from rows of six coefficients; each row is normalised so that a0 = 1.</summary>
    public SecondOrderSections(double[,] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.GetLength(1) != 6)
            throw new ArgumentException($"second-order sections need 6 coefficients per row, not {rows.GetLength(1)}", nameof(rows));
        if (rows.GetLength(0) == 0)
            throw new ArgumentException("a filter needs at least one section", nameof(rows));
        SectionCount = rows.GetLength(0);
        _rows = new double[SectionCount * 6];
        for (var s = 0; s < SectionCount; s++)
        {
            var a0 = rows[s, 3];
            if (a0 == 0 || !double.IsFinite(a0))
                throw new ArgumentException($"section {s}: a0 is {a0} (must be a non-zero finite number)", nameof(rows));
            for (var k = 0; k < 6; k++)
            {
                var value = rows[s, k] / a0;
                if (!double.IsFinite(value))
                    throw new ArgumentException($"section {s}: coefficient {k} is {rows[s, k]} (must be finite)", nameof(rows));
                _rows[s * 6 + k] = value;
            }
        }
    }

    public int SectionCount { get; }

    /// <summary>Row-major coefficients, six per section.</summary>
    public ReadOnlySpan<double> Coefficients => _rows;

    public double this[int section, int coefficient] => _rows[section * 6 + coefficient];

    /// <summary>The rows as a new 2-D array (for printing and comparisons).</summary>
    public double[,] ToArray()
    {
        var rows = new double[SectionCount, 6];
        for (var s = 0; s < SectionCount; s++)
            for (var k = 0; k < 6; k++)
                rows[s, k] = _rows[s * 6 + k];
        return rows;
    }

    /// <summary>This filter followed by <paramref name="next"/> (e.g. a band-pass and its notches as one cascade).</summary>
    public SecondOrderSections Then(SecondOrderSections next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var rows = new double[SectionCount + next.SectionCount, 6];
        for (var s = 0; s < SectionCount; s++)
            for (var k = 0; k < 6; k++) rows[s, k] = this[s, k];
        for (var s = 0; s < next.SectionCount; s++)
            for (var k = 0; k < 6; k++) rows[SectionCount + s, k] = next[s, k];
        return new SecondOrderSections(rows);
    }

    /// <summary>Complex frequency response at <paramref name="frequency"/> Hz for sampling rate <paramref name="rate"/> Hz.</summary>
    public Complex Response(double frequency, double rate)
    {
        var w = 2 * Math.PI * frequency / rate;
        var z1 = Complex.FromPolarCoordinates(1, -w);
        var z2 = z1 * z1;
        var h = Complex.One;
        for (var s = 0; s < SectionCount; s++)
        {
            var numerator = this[s, 0] + this[s, 1] * z1 + this[s, 2] * z2;
            var denominator = this[s, 3] + this[s, 4] * z1 + this[s, 5] * z2;
            h *= numerator / denominator;
        }
        return h;
    }

    /// <summary>Gain in dB at <paramref name="frequency"/> Hz.</summary>
    public double GainDb(double frequency, double rate) => 20 * Math.Log10(Math.Max(Complex.Abs(Response(frequency, rate)), 1e-300));

    /// <summary>True when every pole lies strictly inside the unit circle.</summary>
    public bool IsStable
    {
        get
        {
            for (var s = 0; s < SectionCount; s++)
            {
                // Jury conditions for 1 + a1 z^-1 + a2 z^-2.
                var a1 = this[s, 4];
                var a2 = this[s, 5];
                if (!(Math.Abs(a2) < 1 && Math.Abs(a1) < 1 + a2)) return false;
            }
            return true;
        }
    }

    public override string ToString() => $"{SectionCount} second-order section{(SectionCount == 1 ? "" : "s")}";
}
