using Bci.Decoding.Evaluation;

namespace Bci.Decoding.Tests;

public sealed class MetricsTests
{
    [Fact]
    public void Kappa_AndAccuracy_MatchAHandComputedConfusion()
    {
        // truth 0,0,0,0,1,1,1,1,1,1; predicted 0,0,0,1,1,1,1,1,0,0 -> confusion [[3,1],[2,4]]
        int[] truth = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
        int[] predicted = [0, 0, 0, 1, 1, 1, 1, 1, 0, 0];

        var m = ClassificationMetrics.From(truth, predicted, 2);

        Assert.Equal(0.7, m.Accuracy, 12);
        // po = 0.7; pe = 0.4*0.5 + 0.6*0.5 = 0.5; kappa = 0.2 / 0.5 = 0.4
        Assert.Equal(0.4, m.Kappa, 12);
        Assert.Equal(3, m.Confusion[0, 0]);
        Assert.Equal(2, m.Confusion[1, 0]);
    }

    [Fact]
    public void ChanceBound_MatchesTheBinomialTail()
    {
        // n = 45, p = 0.5: P(X >= 29) = 0.0362, P(X >= 28) = 0.0676 (scipy.stats.binom.sf(27/28, 45, 0.5))
        Assert.Equal(29.0 / 45, ClassificationMetrics.ChanceUpperBound(45, 2, 0.05), 12);
        // n = 15: P(X >= 12) = 0.0176, P(X >= 11) = 0.0592
        Assert.Equal(12.0 / 15, ClassificationMetrics.ChanceUpperBound(15, 2, 0.05), 12);
    }
}
