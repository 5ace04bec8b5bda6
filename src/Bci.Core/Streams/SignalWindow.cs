namespace Bci.Core.Streams;

/// <summary>
/// A C x T block cut from a stream: channel-major (row c holds channel c's T samples), the layout decoders
/// consume. <see cref="Event"/> is set for epochs locked to a marker and null for sliding windows.
/// Immutable once built; <see cref="Wrap"/> takes ownership of the array.
/// </summary>
public sealed class SignalWindow
{
    private readonly double[] _data;

    private SignalWindow(StreamDescription stream, double[] data, int sampleCount, double startTime, MarkerEvent? lockedTo)
    {
        Stream = stream;
        _data = data;
        SampleCount = sampleCount;
        StartTime = startTime;
        Event = lockedTo;
    }

    public StreamDescription Stream { get; }
    public int ChannelCount => Stream.ChannelCount;
    public int SampleCount { get; }

    /// <summary>Timestamp of the first sample (LSL clock, seconds).</summary>
    public double StartTime { get; }

    /// <summary>Timestamp just after the last sample: StartTime + SampleCount / rate.</summary>
    public double EndTime => Stream.IsRegular ? StartTime + SampleCount / Stream.NominalRate : StartTime;

    public MarkerEvent? Event { get; }

    /// <summary>Channel-major data: channel c, sample t at c * SampleCount + t.</summary>
    public ReadOnlySpan<double> Data => _data.AsSpan(0, ChannelCount * SampleCount);

    public ReadOnlySpan<double> Channel(int channel)
    {
        if ((uint)channel >= (uint)ChannelCount) throw new ArgumentOutOfRangeException(nameof(channel), channel, $"window of '{Stream.Name}' has {ChannelCount} channels");
        return _data.AsSpan(channel * SampleCount, SampleCount);
    }

    public double this[int channel, int sample] => _data[channel * SampleCount + sample];

    public static SignalWindow Wrap(StreamDescription stream, double[] channelMajor, int sampleCount, double startTime, MarkerEvent? lockedTo = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(channelMajor);
        if (sampleCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(sampleCount), sampleCount, $"window of '{stream.Name}' must hold at least one sample");
        if (channelMajor.Length < (long)stream.ChannelCount * sampleCount)
            throw new ArgumentException($"window of '{stream.Name}': {channelMajor.Length} values are too few for {stream.ChannelCount} channels x {sampleCount} samples", nameof(channelMajor));
        if (!double.IsFinite(startTime))
            throw new ArgumentException($"window of '{stream.Name}': start time {startTime} is not finite", nameof(startTime));
        return new SignalWindow(stream, channelMajor, sampleCount, startTime, lockedTo);
    }

    public override string ToString() =>
        $"{ChannelCount} ch x {SampleCount} samples of '{Stream.Name}' from {StartTime:0.000} s{(Event is null ? "" : $" locked to {Event}")}";
}
