using System.Runtime.CompilerServices;
using Bci.Core.Streams;

namespace Bci.Recording;

/// <summary>
/// One stream of a recording: its description and a way to read it. Reads are streamed from the file (a
/// multi-gigabyte file is never loaded whole) and every call to <see cref="ReadChunks"/> or
/// <see cref="ReadMarkers"/> opens its own view of the file, so several streams can be read at once.
/// </summary>
public abstract class RecordedStream
{
    protected RecordedStream(StreamDescription description, RecordedStreamKind kind)
    {
        Description = description;
        Kind = kind;
    }

    public StreamDescription Description { get; }

    public RecordedStreamKind Kind { get; }

    public string Name => Description.Name;

    /// <summary>Samples (signal streams) or events (marker streams) in the file.</summary>
    public abstract long SampleCount { get; }

    /// <summary>Timestamp of the first sample or event in seconds; NaN when the stream is empty.</summary>
    public abstract double FirstTimestamp { get; }

    /// <summary>Timestamp of the last sample or event in seconds; NaN when the stream is empty.</summary>
    public abstract double LastTimestamp { get; }

    /// <summary>Last minus first timestamp plus one sample period for regular streams; 0 when empty.</summary>
    public double Duration =>
        SampleCount == 0 ? 0
        : LastTimestamp - FirstTimestamp + (Description.IsRegular ? 1.0 / Description.NominalRate : 0);

    /// <summary>Clock offset measurements recorded with the stream (XDF); empty for formats without them.</summary>
    public virtual IReadOnlyList<ClockOffset> ClockOffsets => [];

    /// <summary>Clock resets found in the clock offsets (XDF); each starts a new clock segment.</summary>
    public virtual int ClockResets => 0;

    /// <summary>Measured samples per second from the timestamps (XDF, regular streams); the nominal rate elsewhere.</summary>
    public virtual double EffectiveRate => Description.NominalRate;

    /// <summary>
    /// The samples in file order, in chunks of at most <paramref name="maxChunkSamples"/> samples (0: the
    /// reader's own unit: a stored chunk for XDF, at most 8192 values for EDF/BDF/GDF). Values are in the units
    /// of the description (volts for EEG).
    /// </summary>
    public virtual IEnumerable<SampleChunk> ReadChunks(int maxChunkSamples = 0, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"stream '{Name}' holds markers, not samples: use ReadMarkers");

    /// <summary>
    /// Reads <paramref name="count"/> samples starting at sample <paramref name="firstSample"/> channel-major into
    /// <paramref name="destination"/>: channel c's values at [c * count, c * count + count), the layout of MNE's
    /// <c>get_data(start, stop)</c>. The values are those of <see cref="ReadChunks"/> (without timestamps: sample i is
    /// at <see cref="FirstTimestamp"/> + i / rate for regular streams without gaps); record-based files (EDF, BDF,
    /// GDF) decode straight into the rows, large ranges on several cores.
    /// </summary>
    public void ReadChannels(long firstSample, int count, Span<double> destination, CancellationToken cancellationToken = default)
    {
        CheckRange(firstSample, count, destination.Length);
        ReadChannelsCore(firstSample, count, destination, cancellationToken);
    }

    /// <summary>
    /// <see cref="ReadChannels(long, int, Span{double}, CancellationToken)"/> into floats: each value is the double
    /// value rounded once to float (half the memory for long recordings; float32 keeps 24 significant bits).
    /// </summary>
    public void ReadChannels(long firstSample, int count, Span<float> destination, CancellationToken cancellationToken = default)
    {
        CheckRange(firstSample, count, destination.Length);
        ReadChannelsCore(firstSample, count, destination, cancellationToken);
    }

    /// <summary>Every sample, channel-major in one array (<see cref="ReadChannels(long, int, Span{double}, CancellationToken)"/> over the whole stream).</summary>
    /// <remarks>
    /// Arrays of 64 MB and more come from the pinned-object heap (large reads pin them anyway while several cores
    /// fill them): there the runtime reused the memory of earlier arrays, while on the large-object heap each new
    /// array of a few hundred MB was mapped afresh and its page faults cost 40 times the decoding (2.4 s against
    /// 60 ms CPU for 118 MB of EDF). Smaller arrays stay on the large-object heap, which reused them better
    /// (2 MB: 0.9 ms there, 7 ms pinned).
    /// </remarks>
    public double[] ReadAllChannels(CancellationToken cancellationToken = default)
    {
        var count = checked((int)AllValues());
        var values = GC.AllocateUninitializedArray<double>(count, pinned: (long)count * sizeof(double) >= PinnedArrayBytes);
        ReadChannels(0, (int)SampleCount, values, cancellationToken);
        return values;
    }

    private const long PinnedArrayBytes = 64L << 20;

    /// <summary>Every sample as floats, channel-major in one array (pinned like <see cref="ReadAllChannels"/> when large).</summary>
    public float[] ReadAllChannelsSingle(CancellationToken cancellationToken = default)
    {
        var count = checked((int)AllValues());
        var values = GC.AllocateUninitializedArray<float>(count, pinned: (long)count * sizeof(float) >= PinnedArrayBytes);
        ReadChannels(0, (int)SampleCount, values, cancellationToken);
        return values;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> (double or float, range already checked). This default walks
    /// <see cref="ReadChunks"/> and transposes; readers with a faster way override it.
    /// </summary>
    protected virtual void ReadChannelsCore<T>(long firstSample, int count, Span<T> destination, CancellationToken cancellationToken)
        where T : unmanaged
    {
        var channels = Description.ChannelCount;
        var end = firstSample + count;
        long position = 0;
        foreach (var chunk in ReadChunks(0, cancellationToken))
        {
            var from = Math.Max(firstSample, position);
            var to = Math.Min(end, position + chunk.SampleCount);
            for (var s = from; s < to; s++)
            {
                var sample = chunk.Sample((int)(s - position));
                for (var c = 0; c < channels; c++)
                {
                    var index = c * count + (int)(s - firstSample);
                    if (typeof(T) == typeof(double)) Unsafe.As<T, double>(ref destination[index]) = sample[c];
                    else Unsafe.As<T, float>(ref destination[index]) = (float)sample[c];
                }
            }
            position += chunk.SampleCount;
            if (position >= end) break;
        }
    }

    private long AllValues()
    {
        var values = SampleCount * Description.ChannelCount;
        if (SampleCount > int.MaxValue || values > Array.MaxLength)
            throw new InvalidOperationException($"stream '{Name}' has {SampleCount} samples x {Description.ChannelCount} channels, too many for one array: read it in ranges with ReadChannels");
        return values;
    }

    private void CheckRange(long firstSample, int count, int destinationLength)
    {
        if (Kind != RecordedStreamKind.Signal)
            throw new InvalidOperationException($"stream '{Name}' holds markers, not samples: use ReadMarkers");
        if (firstSample < 0 || count < 0 || firstSample + count > SampleCount)
            throw new ArgumentOutOfRangeException(nameof(firstSample), $"samples {firstSample}..{firstSample + count} are outside stream '{Name}' (0..{SampleCount})");
        if (destinationLength < (long)count * Description.ChannelCount)
            throw new ArgumentException($"destination holds {destinationLength} values; {count} samples x {Description.ChannelCount} channels need {(long)count * Description.ChannelCount}");
    }

    /// <summary>The events in file order.</summary>
    public virtual IEnumerable<MarkerEvent> ReadMarkers(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"stream '{Name}' holds samples, not markers: use ReadChunks");

    public override string ToString() => $"{Description} {SampleCount} samples";
}
