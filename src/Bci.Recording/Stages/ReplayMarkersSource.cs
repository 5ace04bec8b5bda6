using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Recording.Stages;

/// <summary>
/// Replays a recording's markers (XDF marker streams, EDF+ annotations, GDF/EEGLAB events) in time with the
/// `replay` source of the same file: both take the file's earliest timestamp as origin, so with the same start,
/// speed and timestamps options each marker arrives when the data it belongs to does.
/// </summary>
[Stage("replay.markers", Description = "Replays a recording's markers/annotations/events in time with the `replay` source of the same file.")]
public sealed class ReplayMarkersSource : ISource<MarkerEvent>, IValidatingStage
{
    [Option("file", Required = true, Description = "Recording to replay (relative to the pipeline file).")]
    public string File { get; init; } = "";

    [Option("stream", Description = "Name of the marker stream (default: every marker stream, merged by time).")]
    public string Stream { get; init; } = "";

    [Option("pace", Description = "original: at the recorded timing divided by speed; max: as fast as consumed.")]
    public ReplayPace Pace { get; init; } = ReplayPace.Original;

    [Option("speed", Description = "Speed factor for pace original (2 = twice as fast).")]
    public double Speed { get; init; } = 1;

    [Option("loop", Description = "Start again from the start offset at the end of the file.")]
    public bool Loop { get; init; }

    [Option("start", Unit = "s", Description = "Skip this much of the recording (from its earliest timestamp).")]
    public double Start { get; init; }

    [Option("timestamps", Description = "now: shift times onto the run's clock; original: keep the file's times.")]
    public ReplayTimestamps Timestamps { get; init; } = ReplayTimestamps.Now;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(File)) yield return "file is required";
        if (!(Speed > 0) || double.IsInfinity(Speed)) yield return $"speed must be above 0, not {Speed}";
        if (Start < 0) yield return "start cannot be negative";
        if (Pace == ReplayPace.Max && Loop) yield return "pace: max with loop would flood the pipeline forever";
    }

    public IObservable<MarkerEvent> Open(StageContext context) => Observable.Create<MarkerEvent>(observer =>
    {
        var recording = ReplayPlan.Open(context, File);
        var sources = recording.Streams.Where(s => s.Kind == RecordedStreamKind.Markers
                                                   || (!s.Description.IsRegular && s.Description.ChannelCount == 1)).ToList();
        if (!string.IsNullOrWhiteSpace(Stream))
        {
            sources = sources.Where(s => string.Equals(s.Name, Stream, StringComparison.OrdinalIgnoreCase)).ToList();
            if (sources.Count == 0)
                throw new InvalidOperationException($"{recording.Path} has no marker stream named '{Stream}' (it has: {string.Join(", ", recording.MarkerStreams.Select(m => $"'{m.Name}'"))})");
        }
        // Markers are few next to samples: one loop's worth is held in memory, ordered by time.
        var plan = new ReplayPlan(recording, Start, Speed, Timestamps, context.Clock.Now);
        var markers = sources.SelectMany(s => s.ReadMarkers()).Where(m => m.Timestamp >= plan.From).OrderBy(m => m.Timestamp).ToList();
        var scheduler = context.Scheduler;
        var origin = scheduler.Now;
        var emitted = context.Health.Counter("markers", "markers");
        var index = 0;
        var loop = 0;
        MarkerEvent? pending = null;

        void Step(Action<DateTimeOffset> self)
        {
            if (pending is not null)
            {
                observer.OnNext(pending);
                emitted.Increment();
                pending = null;
            }
            if (context.Stopping.IsCancellationRequested) { observer.OnCompleted(); return; }
            if (index == markers.Count)
            {
                if (!Loop || markers.Count == 0) { observer.OnCompleted(); return; }
                index = 0;
                loop++;
            }
            var marker = markers[index++];
            pending = new MarkerEvent(marker.Value, plan.Stamp(marker.Timestamp, loop), marker.StreamName) { Duration = marker.Duration };
            var due = Pace == ReplayPace.Max ? scheduler.Now : origin + TimeSpan.FromSeconds(plan.DueAfter(marker.Timestamp, loop));
            self(due > scheduler.Now ? due : scheduler.Now);
        }

        return scheduler.Schedule(origin, Step);
    });
}
