using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Bci.Core.Stages;

namespace Bci.Recording.Stages;

/// <summary>
/// What `replay` and `replay.markers` share: the options that must agree for data and markers from one file to
/// stay in time (file, pace, speed, loop, start, timestamps), and the pacing loop. Each step emits the item
/// prepared by the previous one, then reads the next and schedules itself for the moment that item's file time
/// is due (scaled by speed), so pacing follows the file's own timing on the run's scheduler (virtual in tests).
/// The start is taken when the source is subscribed, before the file is opened, and is shared by every replay
/// source of the run (<see cref="ReplayOrigin"/>), so data and markers of one file get exactly one time shift.
/// </summary>
public abstract class ReplaySourceBase<T> : IValidatingStage where T : class
{
    [Option("file", Required = true, Description = "Recording to replay (relative to the pipeline file).")]
    public string File { get; init; } = "";

    [Option("pace", Description = "original: at the recorded timing divided by speed; max: as fast as consumed.")]
    public ReplayPace Pace { get; init; } = ReplayPace.Original;

    [Option("speed", Description = "Speed factor for pace original (2 = twice as fast).")]
    public double Speed { get; init; } = 1;

    [Option("loop", Description = "Start again from the start offset at the end of the file.")]
    public bool Loop { get; init; }

    [Option("start", Unit = "s", Description = "Skip this much of the recording (from its earliest timestamp).")]
    public double Start { get; init; }

    [Option("timestamps", Description = "now: shift times onto the run's clock (as a live stream); original: keep the file's times.")]
    public ReplayTimestamps Timestamps { get; init; } = ReplayTimestamps.Now;

    public virtual IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(File)) yield return "file is required";
        if (!(Speed > 0) || double.IsInfinity(Speed)) yield return $"speed must be above 0, not {Speed}";
        if (Start < 0) yield return "start cannot be negative";
        if (Pace == ReplayPace.Max && Loop) yield return "pace: max with loop would flood the pipeline forever";
    }

    /// <summary>Name and unit of the health counter that <see cref="Count"/> adds to.</summary>
    private protected abstract (string Name, string Unit) Counter { get; }

    /// <summary>Prepares one subscription's reading of the file: a factory for one pass (loop) from the plan's start.</summary>
    private protected abstract Func<CancellationToken, IEnumerable<(T Item, double FileTime)>> Prepare(Recording recording, ReplayPlan plan);

    /// <summary>The item as emitted in loop <paramref name="loop"/> (timestamps moved by the plan).</summary>
    private protected abstract T Restamp(T item, ReplayPlan plan, int loop);

    private protected abstract int Count(T item);

    public IObservable<T> Open(StageContext context) => Observable.Create<T>(observer =>
    {
        var scheduler = context.Scheduler;
        var (origin, runStart) = ReplayOrigin.PerRun.For(context);
        var counter = context.Health.Counter(Counter.Name, Counter.Unit);
        var cancel = new CancellationDisposable();
        ReplayPlan? plan = null;
        Func<CancellationToken, IEnumerable<(T Item, double FileTime)>>? pass = null;
        IEnumerator<(T Item, double FileTime)>? reader = null;
        var loop = 0;
        T? pending = null;

        // The next item of the file, or null at the end (after looping if asked; a pass that yields nothing ends it).
        (T Item, double FileTime)? Next()
        {
            if (reader is null)
            {
                reader = pass!(cancel.Token).GetEnumerator();
                if (!reader.MoveNext()) return null;
                return reader.Current;
            }
            if (reader.MoveNext()) return reader.Current;
            reader.Dispose();
            reader = null;
            if (!Loop) return null;
            loop++;
            return Next();
        }

        void Step(Action<DateTimeOffset> self)
        {
            try
            {
                if (pending is not null)
                {
                    observer.OnNext(pending);
                    counter.Add(Count(pending));
                    pending = null;
                }
                if (context.Stopping.IsCancellationRequested) { observer.OnCompleted(); return; }
                if (plan is null)
                {
                    var recording = RecordingReader.Open(context.ResolvePath(File));
                    plan = new ReplayPlan(recording, Start, Speed, Timestamps, runStart);
                    pass = Prepare(recording, plan);
                }
                if (Next() is not { } next) { observer.OnCompleted(); return; }
                pending = Restamp(next.Item, plan, loop);
                var due = Pace == ReplayPace.Max ? scheduler.Now : origin + TimeSpan.FromSeconds(plan.DueAfter(next.FileTime, loop));
                self(due > scheduler.Now ? due : scheduler.Now);
            }
            catch (Exception e)
            {
                observer.OnError(e);
            }
        }

        var run = scheduler.Schedule(origin, Step);
        return new CompositeDisposable(run, cancel, Disposable.Create(() => reader?.Dispose()));
    });
}
