namespace Bci.Core.Streams;

/// <summary>
/// N samples x C channels of one stream, stored sample-major (interleaved, as LSL's wire and XDF store them),
/// with one timestamp per sample in seconds on the LSL clock. Validated at construction and immutable once
/// built: the arrays handed to <see cref="Wrap"/> become the chunk's own and must not be written afterwards.
/// Values are doubles whatever the stream's wire format: float32 and every integer format up to int32 are
/// represented exactly (int64 exactly up to 2^53).
/// </summary>
public sealed class SampleChunk
{
    private readonly double[] _values;
    private readonly double[] _timestamps;

    private SampleChunk(StreamDescription stream, double[] values, double[] timestamps, int sampleCount, bool timesCorrected)
    {
        Stream = stream;
        _values = values;
        _timestamps = timestamps;
        SampleCount = sampleCount;
        TimesCorrected = timesCorrected;
    }

    public StreamDescription Stream { get; }
    public int SampleCount { get; }
    public int ChannelCount => Stream.ChannelCount;

    /// <summary>True when a clock offset to the recording machine was applied to the timestamps.</summary>
    public bool TimesCorrected { get; }

    /// <summary>Sample-major values: sample s, channel c is at s * ChannelCount + c.</summary>
    public ReadOnlySpan<double> Values => _values.AsSpan(0, SampleCount * ChannelCount);

    public ReadOnlyMemory<double> ValuesMemory => _values.AsMemory(0, SampleCount * ChannelCount);

    public ReadOnlySpan<double> Timestamps => _timestamps.AsSpan(0, SampleCount);

    public double this[int sample, int channel]
    {
        get
        {
            if ((uint)sample >= (uint)SampleCount) throw new ArgumentOutOfRangeException(nameof(sample), sample, $"chunk of '{Stream.Name}' has {SampleCount} samples");
            if ((uint)channel >= (uint)ChannelCount) throw new ArgumentOutOfRangeException(nameof(channel), channel, $"stream '{Stream.Name}' has {ChannelCount} channels");
            return _values[sample * ChannelCount + channel];
        }
    }

    /// <summary>The values of one sample (all channels).</summary>
    public ReadOnlySpan<double> Sample(int sample) => _values.AsSpan(sample * ChannelCount, ChannelCount);

    public double FirstTimestamp => SampleCount > 0 ? _timestamps[0] : double.NaN;
    public double LastTimestamp => SampleCount > 0 ? _timestamps[SampleCount - 1] : double.NaN;

    /// <summary>
    /// Builds a chunk that owns <paramref name="values"/> and <paramref name="timestamps"/> (no copy). Use
    /// <paramref name="sampleCount"/> when the arrays are larger than the data (rented buffers).
    /// </summary>
    public static SampleChunk Wrap(StreamDescription stream, double[] values, double[] timestamps, int? sampleCount = null, bool timesCorrected = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(timestamps);
        if (stream.Format == ChannelFormat.String)
            throw new ArgumentException($"stream '{stream.Name}' carries strings: use MarkerEvent, not SampleChunk", nameof(stream));

        var n = sampleCount ?? timestamps.Length;
        var c = stream.ChannelCount;
        if (n < 0 || n > timestamps.Length)
            throw new ArgumentException($"stream '{stream.Name}': {n} samples declared but {timestamps.Length} timestamps given", nameof(timestamps));
        if (sampleCount is null && values.Length != (long)n * c)
            throw new ArgumentException(
                $"stream '{stream.Name}': {values.Length} values do not make {n} samples x {c} channels (expected {(long)n * c})", nameof(values));
        if (values.Length < (long)n * c)
            throw new ArgumentException(
                $"stream '{stream.Name}': {values.Length} values are too few for {n} samples x {c} channels", nameof(values));
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(timestamps[i]))
                throw new ArgumentException($"stream '{stream.Name}': timestamp of sample {i} is {timestamps[i]} (must be finite seconds)", nameof(timestamps));
        }
        return new SampleChunk(stream, values, timestamps, n, timesCorrected);
    }

    /// <summary>Builds a chunk from copies of the given spans.</summary>
    public static SampleChunk Copy(StreamDescription stream, ReadOnlySpan<double> values, ReadOnlySpan<double> timestamps, bool timesCorrected = false) =>
        Wrap(stream, values.ToArray(), timestamps.ToArray(), timesCorrected: timesCorrected);

    /// <summary>The same samples and times under another description with the same channel count (e.g. renamed).</summary>
    public SampleChunk WithStream(StreamDescription stream)
    {
        if (stream.ChannelCount != ChannelCount)
            throw new ArgumentException($"stream '{stream.Name}' has {stream.ChannelCount} channels, this chunk of '{Stream.Name}' has {ChannelCount}");
        return new SampleChunk(stream, _values, _timestamps, SampleCount, TimesCorrected);
    }

    /// <summary>Copies channel <paramref name="channel"/> into <paramref name="destination"/> (length SampleCount).</summary>
    public void CopyChannel(int channel, Span<double> destination)
    {
        if ((uint)channel >= (uint)ChannelCount) throw new ArgumentOutOfRangeException(nameof(channel));
        if (destination.Length < SampleCount) throw new ArgumentException("destination too short", nameof(destination));
        var c = ChannelCount;
        for (var s = 0; s < SampleCount; s++)
            destination[s] = _values[s * c + channel];
    }

    public override string ToString() =>
        $"{SampleCount} samples x {ChannelCount} ch of '{Stream.Name}' [{FirstTimestamp:0.000}..{LastTimestamp:0.000} s]";
}
