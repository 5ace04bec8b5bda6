namespace Bci.Cli.Bench;

/// <summary>Count, median, 99th percentile (linear interpolation between ranks), maximum and mean, in milliseconds.</summary>
public sealed record LatencyStats(int Count, double P50Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static LatencyStats Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN);

    public static LatencyStats FromSeconds(IEnumerable<double> seconds)
    {
        var sorted = seconds.Select(s => s * 1e3).Order().ToArray();
        if (sorted.Length == 0) return Empty;
        return new LatencyStats(sorted.Length, Quantile(sorted, 0.5), Quantile(sorted, 0.99), sorted[^1], sorted.Average());
    }

    /// <summary>The q-quantile of sorted values (numpy's default "linear" method).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
