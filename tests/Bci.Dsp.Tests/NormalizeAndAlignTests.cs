using Bci.Core.Streams;
using Bci.Dsp.Stages;
using Bci.Dsp.Streaming;
using MathNet.Numerics.LinearAlgebra;

namespace Bci.Dsp.Tests;

public sealed class NormalizeAndAlignTests
{
    [Fact]
    public void MovingStandardization_MatchesTheAdjustedEwmDefinition()
    {
        // Direct evaluation of pandas' adjusted EWM (weights (1-a)^k over all past samples) for one channel.
        var x = StageHarness.Signal(400, 1, 250);
        const double a = 0.05;
        var y = new double[x.Length];
        new MovingStandardizer(1, a, 1e-12).Process(x, y);
        for (var t = 0; t < x.Length; t += 41)
        {
            double Ewm(Func<int, double> v)
            {
                double num = 0, den = 0;
                for (var k = 0; k <= t; k++) { num += Math.Pow(1 - a, t - k) * v(k); den += Math.Pow(1 - a, t - k); }
                return num / den;
            }
            var means = new double[t + 1];
            for (var k = 0; k <= t; k++)
            {
                var kk = k;
                double num = 0, den = 0;
                for (var j = 0; j <= kk; j++) { num += Math.Pow(1 - a, kk - j) * x[j]; den += Math.Pow(1 - a, kk - j); }
                means[k] = num / den;
            }
            var variance = Ewm(k => (x[k] - means[k]) * (x[k] - means[k]));
            var expected = (x[t] - means[t]) / Math.Max(Math.Sqrt(variance), 1e-12);
            Assert.Equal(expected, y[t], 9);
        }
    }

    [Fact]
    public void EuclideanAlignment_MakesTheMeanCovarianceTheIdentity()
    {
        // Correlated channels with very different scales.
        var stream = StageHarness.Stream(4, 100);
        var random = new Random(5);
        var windows = new List<SignalWindow>();
        for (var w = 0; w < 30; w++)
        {
            var data = new double[4 * 200];
            for (var t = 0; t < 200; t++)
            {
                double g1 = random.NextDouble() - 0.5, g2 = random.NextDouble() - 0.5, g3 = random.NextDouble() - 0.5, g4 = random.NextDouble() - 0.5;
                data[t] = 10 * g1;
                data[200 + t] = 10 * g1 + g2;
                data[400 + t] = 0.1 * g3;
                data[600 + t] = g3 + 3 * g4;
            }
            windows.Add(SignalWindow.Wrap(stream, data, 200, w * 2.0));
        }
        var aligned = StageHarness.Run(new EuclideanAlignStage(), windows);
        // The last window was aligned with R over all 30 windows: re-aligning every window with that same R
        // would give identity; check the mean covariance of the final third (R has settled) is near identity.
        var mean = Matrix<double>.Build.Dense(4, 4);
        foreach (var w in aligned.Skip(20))
        {
            var x = Matrix<double>.Build.Dense(200, 4, w.Data.ToArray()).Transpose();
            mean += x * x.Transpose() / 200;
        }
        mean /= 10;
        for (var i = 0; i < 4; i++)
            for (var j = 0; j < 4; j++)
                Assert.InRange(mean[i, j], (i == j ? 1 : 0) - 0.15, (i == j ? 1 : 0) + 0.15);
    }
}
