using Bci.Core.Streams;

namespace Bci.Recording;

/// <summary>
/// A marker stream whose events were gathered when the file was opened (EDF+ annotations, GDF event tables,
/// EEGLAB events): small next to the samples, so they are kept in memory.
/// </summary>
internal sealed class MarkerListStream : RecordedStream
{
    private readonly IReadOnlyList<MarkerEvent> _events;

    public MarkerListStream(StreamDescription description, IReadOnlyList<MarkerEvent> events)
        : base(description, RecordedStreamKind.Markers)
    {
        _events = events;
    }

    public static StreamDescription Describe(string name, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(name, "Markers", [new ChannelInfo("marker", "Markers", "")], StreamDescription.IrregularRate, ChannelFormat.String, metadata: metadata);

    public override long SampleCount => _events.Count;
    public override double FirstTimestamp => _events.Count == 0 ? double.NaN : _events.Min(e => e.Timestamp);
    public override double LastTimestamp => _events.Count == 0 ? double.NaN : _events.Max(e => e.Timestamp);

    public override IEnumerable<MarkerEvent> ReadMarkers(CancellationToken cancellationToken = default) => _events;
}
