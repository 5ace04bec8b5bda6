namespace Bci.Alignment.Synthetic;

/// <summary>Top-1/top-5 accuracy of an N-way retrieval with chance levels and Wilson 95% intervals.</summary>
public sealed record RetrievalScore(int Ways, int Trials, int Top1Hits, int Top5Hits)
{
    public double Top1 => (double)Top1Hits / Trials;
    public double Top5 => (double)Top5Hits / Trials;
    public double ChanceTop1 => 1.0 / Ways;
    public double ChanceTop5 => Math.Min(5, Ways) / (double)Ways;

    /// <summary>Wilson score interval (95%) for a proportion of <paramref name="hits"/> in <paramref name="n"/>.</summary>
    public static (double Low, double High) Wilson(int hits, int n, double z = 1.959964)
    {
        if (n == 0) return (0, 1);
        var p = (double)hits / n;
        var denominator = 1 + z * z / n;
        var centre = (p + z * z / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    public (double Low, double High) Top1Interval => Wilson(Top1Hits, Trials);
}
