using System.Collections.Immutable;
using Bci.Core.Streams;

namespace Bci.Recording;

/// <summary>
/// A recording opened by <see cref="RecordingReader.Open(string)"/>: its streams (data and markers), file-level
/// metadata and the problems found while opening it. Holds no open file handle: each read opens its own.
/// </summary>
public sealed class Recording
{
    internal Recording(string path, RecordingFormat format, IEnumerable<RecordedStream> streams,
        IEnumerable<RecordingProblem> problems, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Path = path;
        Format = format;
        Streams = streams.ToImmutableArray();
        Problems = problems.ToImmutableArray();
        Metadata = metadata?.ToImmutableDictionary() ?? ImmutableDictionary<string, string>.Empty;
    }

    public string Path { get; }
    public RecordingFormat Format { get; }
    public ImmutableArray<RecordedStream> Streams { get; }
    public ImmutableArray<RecordingProblem> Problems { get; }

    /// <summary>File-level facts (start date and time, patient/recording fields, writer, ...).</summary>
    public ImmutableDictionary<string, string> Metadata { get; }

    public IEnumerable<RecordedStream> SignalStreams => Streams.Where(s => s.Kind == RecordedStreamKind.Signal);

    public IEnumerable<RecordedStream> MarkerStreams => Streams.Where(s => s.Kind == RecordedStreamKind.Markers);

    /// <summary>The first stream named <paramref name="name"/> (case-insensitive), or null.</summary>
    public RecordedStream? Find(string name) =>
        Streams.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every event of every marker stream, ordered by time (stable for equal times).</summary>
    public IReadOnlyList<MarkerEvent> ReadAllMarkers(CancellationToken cancellationToken = default) =>
        MarkerStreams.SelectMany(s => s.ReadMarkers(cancellationToken)).OrderBy(m => m.Timestamp).ToList();

    public override string ToString() => $"{System.IO.Path.GetFileName(Path)} ({Format}, {Streams.Length} streams)";
}
