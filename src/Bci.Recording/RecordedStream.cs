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
    /// reader's natural unit, e.g. whole EDF records). Values are in the units of the description (volts for
    /// EEG).
    /// </summary>
    public virtual IEnumerable<SampleChunk> ReadChunks(int maxChunkSamples = 0, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"stream '{Name}' holds markers, not samples: use ReadMarkers");

    /// <summary>The events in file order.</summary>
    public virtual IEnumerable<MarkerEvent> ReadMarkers(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"stream '{Name}' holds samples, not markers: use ReadChunks");

    public override string ToString() => $"{Description} {SampleCount} samples";
}
