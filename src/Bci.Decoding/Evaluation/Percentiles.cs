namespace Bci.Decoding.Evaluation;

/// <summary>Nearest-rank percentiles of sorted latencies.</summary>
public static class Percentiles
{
    public static double Of(float[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
