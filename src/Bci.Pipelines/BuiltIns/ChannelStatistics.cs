namespace Bci.Pipelines.BuiltIns;

/// <summary>Running mean and RMS of one channel (Welford's update for the mean; sum of squares for the RMS).</summary>
public sealed class ChannelStatistics
{
    private double _mean;
    private double _sumOfSquares;

    public long Count { get; private set; }
    public double Mean => _mean;
    public double Rms => Count == 0 ? double.NaN : Math.Sqrt(_sumOfSquares / Count);
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public long NonFinite { get; private set; }

    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            NonFinite++;
            return;
        }
        Count++;
        _mean += (value - _mean) / Count;
        _sumOfSquares += value * value;
        if (value < Min) Min = value;
        if (value > Max) Max = value;
    }
}
