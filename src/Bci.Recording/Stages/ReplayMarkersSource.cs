using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Recording.Stages;

/// <summary>
/// Replays a recording's markers (XDF marker streams, EDF+ annotations, GDF/EEGLAB events) in time with the
/// `replay` source of the same file: both take the file's earliest timestamp as origin, so with the same start,
/// speed and timestamps options each marker arrives when the data it belongs to does.
/// </summary>
[Stage("replay.markers", Description = "Replays a recording's markers/annotations/events in time with the `replay` source of the same file.")]
public sealed class ReplayMarkersSource : ReplaySourceBase<MarkerEvent>, ISource<MarkerEvent>
{
    [Option("stream", Description = "Name of the marker stream (default: every marker stream, merged by time).")]
    public string Stream { get; init; } = "";

    private protected override (string Name, string Unit) Counter => ("markers", "markers");

    private protected override Func<CancellationToken, IEnumerable<(MarkerEvent Item, double FileTime)>> Prepare(Recording recording, ReplayPlan plan)
    {
        var sources = recording.Streams.Where(s => s.Kind == RecordedStreamKind.Markers
                                                   || (!s.Description.IsRegular && s.Description.ChannelCount == 1)).ToList();
        if (!string.IsNullOrWhiteSpace(Stream))
        {
            sources = sources.Where(s => string.Equals(s.Name, Stream, StringComparison.OrdinalIgnoreCase)).ToList();
            if (sources.Count == 0)
                throw new InvalidOperationException($"{recording.Path} has no marker stream named '{Stream}' (it has: {string.Join(", ", recording.MarkerStreams.Select(m => $"'{m.Name}'"))})");
        }
        // Markers are few next to samples: one loop's worth is held in memory, ordered by time.
        var markers = sources.SelectMany(s => s.ReadMarkers()).Where(m => m.Timestamp >= plan.From).OrderBy(m => m.Timestamp).ToList();
        return _ => markers.Select(m => (m, m.Timestamp));
    }

    private protected override MarkerEvent Restamp(MarkerEvent marker, ReplayPlan plan, int loop) =>
        new(marker.Value, plan.Stamp(marker.Timestamp, loop), marker.StreamName) { Duration = marker.Duration };

    private protected override int Count(MarkerEvent item) => 1;
}
