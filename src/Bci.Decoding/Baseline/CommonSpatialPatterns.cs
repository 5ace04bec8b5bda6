using MathNet.Numerics.LinearAlgebra;

namespace Bci.Decoding.Baseline;

/// <summary>
/// Common spatial patterns (Koles 1991; Blankertz et al. 2008): spatial filters w solving the generalised
/// eigenproblem Σ_a w = λ (Σ_a + Σ_b) w of the mean trace-normalised covariances of two sets of trials. Filters
/// with the largest and the smallest λ maximise the variance of one set relative to the other; the feature of a
/// trial is the log of each filtered signal's variance share.
/// </summary>
public static class CommonSpatialPatterns
{
    /// <summary>Trace-normalised covariance of one trial (C x T, channel-major), after removing each channel's mean.</summary>
    public static Matrix<double> Covariance(ReadOnlySpan<float> trial, int channels, int samples)
    {
        var x = Matrix<double>.Build.Dense(channels, samples);
        CenteredEpoch.Fill(trial, x);
        var cov = x * x.Transpose();
        var trace = cov.Trace();
        return trace > 0 ? cov / trace : cov;
    }

    /// <summary>
    /// The 2 x <paramref name="pairs"/> filters (rows) of the set a vs set b, ordered by descending eigenvalue
    /// (the first pairs favour a, the last pairs favour b), and all eigenvalues in descending order.
    /// </summary>
    public static (Matrix<double> Filters, double[] Eigenvalues) Fit(Matrix<double> meanA, Matrix<double> meanB, int pairs)
    {
        var c = meanA.RowCount;
        var composite = meanA + meanB;
        // whiten the composite: P = D^-1/2 Uᵀ, then diagonalise P Σ_a Pᵀ (its eigenvalues are the λ above)
        var evd = composite.Evd(Symmetricity.Symmetric);
        var d = evd.EigenValues.Real();
        var floor = d.Maximum() * 1e-10;
        var whitening = Matrix<double>.Build.DiagonalOfDiagonalVector(d.Map(v => 1.0 / Math.Sqrt(Math.Max(v, floor)))) * evd.EigenVectors.Transpose();
        var s = whitening * meanA * whitening.Transpose();
        s = (s + s.Transpose()) / 2;
        var inner = s.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, c).OrderByDescending(i => inner.EigenValues[i].Real).ToArray();
        var all = inner.EigenVectors.Transpose() * whitening; // rows are filters
        var k = Math.Min(pairs, c / 2);
        var picked = order.Take(k).Concat(order.Skip(c - k)).ToArray();
        var filters = Matrix<double>.Build.Dense(picked.Length, c, (r, col) => all[picked[r], col]);
        return (filters, order.Select(i => inner.EigenValues[i].Real).ToArray());
    }

    /// <summary>
    /// Filter banks for labelled trials: two classes give one bank (class 0 vs class 1); more give one bank per
    /// class, that class against the rest. Each bank is 2 x <paramref name="pairs"/> rows as in <see cref="Fit"/>.
    /// </summary>
    public static IReadOnlyList<Matrix<double>> FitBanks(IReadOnlyList<Matrix<double>> covariances, IReadOnlyList<int> labels, int classes, int pairs)
    {
        var c = covariances[0].RowCount;
        var problems = classes == 2 ? 1 : classes;
        var banks = new List<Matrix<double>>();
        for (var q = 0; q < problems; q++)
        {
            var a = Mean(covariances.Where((_, i) => labels[i] == q), c);
            var b = Mean(covariances.Where((_, i) => labels[i] != q), c);
            banks.Add(Fit(a, b, pairs).Filters);
        }
        return banks;
    }

    private static Matrix<double> Mean(IEnumerable<Matrix<double>> matrices, int c)
    {
        var sum = Matrix<double>.Build.Dense(c, c);
        var n = 0;
        foreach (var m in matrices)
        {
            sum += m;
            n++;
        }
        if (n == 0) throw new ArgumentException("a class has no training trial");
        return sum / n;
    }

    /// <summary>log(var_i / Σ var) of each filtered signal of one trial.</summary>
    public static double[] Features(Matrix<double> filters, Matrix<double> trialCovariance)
    {
        var variances = new double[filters.RowCount];
        for (var i = 0; i < filters.RowCount; i++)
        {
            var w = filters.Row(i);
            variances[i] = w * trialCovariance * w;
        }
        var total = variances.Sum();
        return variances.Select(v => Math.Log(Math.Max(v, 1e-300) / Math.Max(total, 1e-300))).ToArray();
    }
}
