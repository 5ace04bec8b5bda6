namespace Bci.Alignment.Readout;

/// <summary>
/// Softmax over cosine similarities with a temperature, and the temperature that minimises the negative
/// log-likelihood of known labels (post-hoc calibration, as in Guo et al. 2017), found by golden-section search
/// on log T.
/// </summary>
public static class TemperatureCalibration
{
    public static double[] Softmax(ReadOnlySpan<double> similarities, double temperature)
    {
        var max = double.NegativeInfinity;
        foreach (var s in similarities) max = Math.Max(max, s);
        var result = new double[similarities.Length];
        double sum = 0;
        for (var i = 0; i < result.Length; i++) sum += result[i] = Math.Exp((similarities[i] - max) / temperature);
        for (var i = 0; i < result.Length; i++) result[i] /= sum;
        return result;
    }

    public static double NegativeLogLikelihood(IReadOnlyList<double[]> similarities, IReadOnlyList<int> labels, double temperature)
    {
        double total = 0;
        for (var i = 0; i < similarities.Count; i++)
            total -= Math.Log(Math.Max(1e-300, Softmax(similarities[i], temperature)[labels[i]]));
        return total / similarities.Count;
    }

    /// <summary>The temperature in [1e-3, 10] with the lowest negative log-likelihood of <paramref name="labels"/>.</summary>
    public static double Fit(IReadOnlyList<double[]> similarities, IReadOnlyList<int> labels)
    {
        if (similarities.Count == 0 || similarities.Count != labels.Count)
            throw new ArgumentException($"calibration needs labelled similarities ({similarities.Count} rows, {labels.Count} labels)");
        double lo = Math.Log(1e-3), hi = Math.Log(10);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double F(double logT) => NegativeLogLikelihood(similarities, labels, Math.Exp(logT));
        double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo), fa = F(a), fb = F(b);
        for (var i = 0; i < 60; i++)
        {
            if (fa < fb) { hi = b; b = a; fb = fa; a = hi - ratio * (hi - lo); fa = F(a); }
            else { lo = a; a = b; fa = fb; b = lo + ratio * (hi - lo); fb = F(b); }
        }
        return Math.Exp((lo + hi) / 2);
    }
}
