using MathNet.Numerics.Distributions;

namespace Bci.Decoding.Evaluation;

/// <summary>
/// Accuracy, Cohen's kappa and the confusion matrix of predictions, with the chance level and its upper 95%
/// bound for this many trials (Combrisson and Jerbi 2015: the accuracy a chance classifier reaches with
/// probability 5% under Binomial(n, 1/K)).
/// </summary>
public sealed record ClassificationMetrics(int Trials, int Correct, double Accuracy, double Kappa, int[,] Confusion, double Chance, double ChanceBound95)
{
    public static ClassificationMetrics From(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        if (truth.Count != predicted.Count) throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions");
        var confusion = new int[classes, classes];
        for (var i = 0; i < truth.Count; i++) confusion[truth[i], predicted[i]]++;
        var n = truth.Count;
        var correct = Enumerable.Range(0, classes).Sum(k => confusion[k, k]);
        var po = n > 0 ? (double)correct / n : double.NaN;
        double pe = 0;
        for (var k = 0; k < classes; k++)
        {
            double row = 0, column = 0;
            for (var j = 0; j < classes; j++)
            {
                row += confusion[k, j];
                column += confusion[j, k];
            }
            pe += n > 0 ? row / n * (column / n) : 0;
        }
        var kappa = pe < 1 ? (po - pe) / (1 - pe) : 0;
        return new ClassificationMetrics(n, correct, po, kappa, confusion, 1.0 / classes, ChanceUpperBound(n, classes, 0.05));
    }

    /// <summary>Smallest accuracy x/n with P(X >= x) <= alpha for X ~ Binomial(n, 1/classes).</summary>
    public static double ChanceUpperBound(int n, int classes, double alpha)
    {
        if (n <= 0) return double.NaN;
        var p = 1.0 / classes;
        for (var x = 0; x <= n; x++)
        {
            var tail = x == 0 ? 1.0 : 1.0 - Binomial.CDF(p, n, x - 1);
            if (tail <= alpha) return (double)x / n;
        }
        return 1.0;
    }
}
