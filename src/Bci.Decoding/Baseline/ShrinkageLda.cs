using MathNet.Numerics.LinearAlgebra;

namespace Bci.Decoding.Baseline;

/// <summary>
/// Linear discriminant analysis with the Ledoit-Wolf shrunk pooled covariance (the analytic shrinkage of
/// Ledoit and Wolf 2004, as scikit-learn's solver='lsqr', shrinkage='auto' uses): robust with few trials per
/// feature. Class scores w_k·x + b_k become probabilities by softmax.
/// </summary>
public sealed record ShrinkageLda(double[][] Weights, double[] Biases, double Shrinkage)
{
    public static ShrinkageLda Fit(IReadOnlyList<double[]> features, IReadOnlyList<int> labels, int classes)
    {
        var p = features[0].Length;
        var n = features.Count;
        var means = new double[classes][];
        var counts = new int[classes];
        for (var k = 0; k < classes; k++) means[k] = new double[p];
        for (var i = 0; i < n; i++)
        {
            counts[labels[i]]++;
            for (var j = 0; j < p; j++) means[labels[i]][j] += features[i][j];
        }
        for (var k = 0; k < classes; k++)
        {
            if (counts[k] == 0) throw new ArgumentException($"class {k} has no training trial");
            for (var j = 0; j < p; j++) means[k][j] /= counts[k];
        }
        var centred = Matrix<double>.Build.Dense(n, p, (i, j) => features[i][j] - means[labels[i]][j]);
        var (covariance, shrinkage) = LedoitWolf(centred);
        var inverse = covariance.Inverse();
        var weights = new double[classes][];
        var biases = new double[classes];
        for (var k = 0; k < classes; k++)
        {
            var mu = Vector<double>.Build.DenseOfArray(means[k]);
            var w = inverse * mu;
            weights[k] = w.ToArray();
            biases[k] = -0.5 * (mu * w) + Math.Log((double)counts[k] / n);
        }
        return new ShrinkageLda(weights, biases, shrinkage);
    }

    /// <summary>
    /// Ledoit-Wolf: S* = (1 - γ) S + γ μ I with μ = tr(S)/p, γ = min(b̄², d²) / d², d² = ‖S - μI‖², and
    /// b̄² = (1/n²) Σ_i ‖x_i x_iᵀ - S‖² over the centred rows x_i (Frobenius norms).
    /// </summary>
    public static (Matrix<double> Covariance, double Shrinkage) LedoitWolf(Matrix<double> centred)
    {
        var n = centred.RowCount;
        var p = centred.ColumnCount;
        var s = centred.Transpose() * centred / n;
        var mu = s.Trace() / p;
        var identity = Matrix<double>.Build.DenseIdentity(p);
        var d2 = (s - mu * identity).FrobeniusNorm();
        d2 *= d2;
        double b2 = 0;
        for (var i = 0; i < n; i++)
        {
            var x = centred.Row(i);
            var diff = x.OuterProduct(x) - s;
            var f = diff.FrobeniusNorm();
            b2 += f * f;
        }
        b2 /= (double)n * n;
        var gamma = d2 > 0 ? Math.Min(b2, d2) / d2 : 1.0;
        return ((1 - gamma) * s + gamma * mu * identity, gamma);
    }

    public double[] Probabilities(ReadOnlySpan<double> x)
    {
        var scores = new double[Weights.Length];
        for (var k = 0; k < scores.Length; k++)
        {
            var s = Biases[k];
            for (var j = 0; j < x.Length; j++) s += Weights[k][j] * x[j];
            scores[k] = s;
        }
        var max = scores.Max();
        var sum = 0.0;
        for (var k = 0; k < scores.Length; k++) sum += scores[k] = Math.Exp(scores[k] - max);
        for (var k = 0; k < scores.Length; k++) scores[k] /= sum;
        return scores;
    }
}
