namespace Bci.Pipelines.BuiltIns;

/// <summary>Keeps the most recent latencies in a fixed ring (bounded memory) for percentiles.</summary>
public sealed class LatencyReservoir(int capacity = 8192)
{
    private readonly double[] _values = new double[capacity];
    private long _count;

    public long Count => _count;

    public void Add(double seconds) => _values[_count++ % _values.Length] = seconds;

    /// <summary>The p-th percentile (0..100) of the kept values, NaN when empty.</summary>
    public double Percentile(double p)
    {
        var n = (int)Math.Min(_count, _values.Length);
        if (n == 0) return double.NaN;
        var sorted = _values.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        var rank = Math.Clamp(p / 100 * (n - 1), 0, n - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    public double Max
    {
        get
        {
            var n = (int)Math.Min(_count, _values.Length);
            return n == 0 ? double.NaN : _values.AsSpan(0, n).ToArray().Max();
        }
    }
}
