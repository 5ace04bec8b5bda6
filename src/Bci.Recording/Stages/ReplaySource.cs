using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Recording.Stages;

/// <summary>
/// Replays a recorded stream (XDF, EDF, BDF, GDF, EEGLAB) as a source of sample chunks that look like the live
/// stream did: same description, chunks of the requested length, paced on the run's scheduler at the recorded
/// timing (or faster, or as fast as consumed), timestamps moved onto the run's clock. Reads the file as it goes.
/// </summary>
[Stage("replay", Description = "Replays a recorded stream (XDF, EDF/BDF, GDF, EEGLAB) as live sample chunks: original pace, a speed factor or max; loop; start offset.")]
public sealed class ReplaySource : ISource<SampleChunk>, IValidatingStage
{
    [Option("file", Required = true, Description = "Recording to replay (relative to the pipeline file).")]
    public string File { get; init; } = "";

    [Option("stream", Description = "Name or type of the stream to replay (default: the first signal stream).")]
    public string Stream { get; init; } = "";

    [Option("pace", Description = "original: at the recorded timing divided by speed; max: as fast as consumed.")]
    public ReplayPace Pace { get; init; } = ReplayPace.Original;

    [Option("speed", Description = "Speed factor for pace original (2 = twice as fast).")]
    public double Speed { get; init; } = 1;

    [Option("loop", Description = "Start again from the start offset at the end of the file.")]
    public bool Loop { get; init; }

    [Option("start", Unit = "s", Description = "Skip this much of the recording (from its earliest timestamp).")]
    public double Start { get; init; }

    [Option("chunk", Unit = "s", Description = "Length of the emitted chunks.")]
    public double Chunk { get; init; } = 0.04;

    [Option("timestamps", Description = "now: shift times onto the run's clock (as a live stream); original: keep the file's times.")]
    public ReplayTimestamps Timestamps { get; init; } = ReplayTimestamps.Now;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(File)) yield return "file is required";
        if (!(Speed > 0) || double.IsInfinity(Speed)) yield return $"speed must be above 0, not {Speed}";
        if (Start < 0) yield return "start cannot be negative";
        if (!(Chunk > 0)) yield return $"chunk must be above 0 s, not {Chunk}";
        if (Pace == ReplayPace.Max && Loop) yield return "pace: max with loop would flood the pipeline forever";
    }

    /// <summary>The stream a pipeline will get (for tools and tests): opens the file's headers.</summary>
    public static RecordedStream Select(Recording recording, string selector)
    {
        var signals = recording.SignalStreams.ToList();
        if (signals.Count == 0) throw new InvalidOperationException($"{recording.Path} has no signal stream to replay");
        if (string.IsNullOrWhiteSpace(selector)) return signals[0];
        return signals.FirstOrDefault(s => string.Equals(s.Name, selector, StringComparison.OrdinalIgnoreCase))
            ?? signals.FirstOrDefault(s => string.Equals(s.Description.Type, selector, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                $"{recording.Path} has no signal stream named or typed '{selector}' (it has: {string.Join(", ", signals.Select(s => $"'{s.Name}' ({s.Description.Type})"))})");
    }

    public IObservable<SampleChunk> Open(StageContext context) => Observable.Create<SampleChunk>(observer =>
    {
        var recording = ReplayPlan.Open(context, File);
        var stream = Select(recording, Stream);
        var scheduler = context.Scheduler;
        var plan = new ReplayPlan(recording, Start, Speed, Timestamps, context.Clock.Now);
        var samples = context.Health.Counter("samples", "samples");
        var maxChunk = stream.Description.IsRegular ? Math.Max(1, (int)Math.Round(Chunk * stream.Description.NominalRate)) : 64;
        var loop = 0;
        IEnumerator<SampleChunk>? reader = null;
        var origin = scheduler.Now;
        var cancel = new CancellationDisposable();

        IEnumerator<SampleChunk> OpenReader() => stream.ReadChunks(maxChunk, cancel.Token)
            .Select(c => Trim(c, plan.From)).Where(c => c is not null).Select(c => c!).GetEnumerator();

        // The next chunk to emit, or null at the end (after looping if asked).
        SampleChunk? Next()
        {
            reader ??= OpenReader();
            if (reader.MoveNext()) return reader.Current;
            reader.Dispose();
            reader = null;
            if (!Loop) return null;
            loop++;
            reader = OpenReader();
            return reader.MoveNext() ? reader.Current : null;
        }

        SampleChunk Restamp(SampleChunk chunk)
        {
            if (Timestamps == ReplayTimestamps.Original) return chunk;
            var times = new double[chunk.SampleCount];
            for (var i = 0; i < times.Length; i++) times[i] = plan.Stamp(chunk.Timestamps[i], loop);
            return SampleChunk.Wrap(chunk.Stream, chunk.ValuesMemory.ToArray(), times, timesCorrected: chunk.TimesCorrected);
        }

        // Each step emits the chunk prepared by the previous one, then reads the next and schedules itself for
        // the moment that chunk's last sample was recorded (scaled by speed): pacing follows the file's own timing.
        SampleChunk? pending = null;
        void Step(Action<DateTimeOffset> self)
        {
            try
            {
                if (pending is not null)
                {
                    observer.OnNext(pending);
                    samples.Add(pending.SampleCount);
                    pending = null;
                }
                if (context.Stopping.IsCancellationRequested) { observer.OnCompleted(); return; }
                var chunk = Next();
                if (chunk is null) { observer.OnCompleted(); return; }
                pending = Restamp(chunk);
                var due = Pace == ReplayPace.Max ? scheduler.Now : origin + TimeSpan.FromSeconds(plan.DueAfter(chunk.LastTimestamp, loop));
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

    /// <summary>Drops the samples before the start offset.</summary>
    private static SampleChunk? Trim(SampleChunk chunk, double from)
    {
        if (chunk.SampleCount == 0 || chunk.LastTimestamp < from) return null;
        if (chunk.FirstTimestamp >= from) return chunk;
        var skip = 0;
        while (chunk.Timestamps[skip] < from) skip++;
        var c = chunk.ChannelCount;
        return SampleChunk.Copy(chunk.Stream, chunk.Values[(skip * c)..], chunk.Timestamps[skip..], chunk.TimesCorrected);
    }
}
