using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Streaming;

namespace Bci.Dsp.Stages;

/// <summary>
/// Marker-locked epochs: for every marker whose value is one of <c>events</c>, the samples from tmin to tmax around
/// it (both ends included, as MNE's Epochs), baseline-corrected if asked, as a <see cref="SignalWindow"/> whose
/// <see cref="SignalWindow.Event"/> is the marker. Markers and samples are matched by timestamp, whichever arrives
/// first: a marker that comes before its samples waits for them; one that comes after them is served from the
/// last <c>buffer</c> seconds of history. A marker whose samples are already gone, or that lies before the stream
/// began, is reported and counted ("late-markers"), and markers still waiting when the data ends are reported
/// ("incomplete-epochs").
/// </summary>
[Stage("dsp.epoch", Description = "Marker-locked epochs (tmin..tmax around each event, optional baseline) from samples + a marker stream.")]
[SideInput("markers")]
public sealed class EpochStage : IStage<SampleChunk, MarkerEvent, SignalWindow>, IValidatingStage
{
    [Option("events", Description = "Marker values that start an epoch (e.g. [T1, T2]); empty: every marker.")]
    public string[] Events { get; init; } = [];

    [Option("tmin", Unit = "s", Description = "Epoch start relative to the marker (negative = before).")]
    public double TMin { get; init; } = -0.5;

    [Option("tmax", Unit = "s", Description = "Epoch end relative to the marker (included).")]
    public double TMax { get; init; } = 2.0;

    [Option("baseline", Unit = "s", Description = "[start, end] relative to the marker whose per-channel mean is subtracted; empty: none.")]
    public double[] Baseline { get; init; } = [];

    [Option("buffer", Unit = "s", Description = "How much history is kept for markers that arrive after their samples.")]
    public double Buffer { get; init; } = 30;

    public IEnumerable<string> Validate()
    {
        if (!(TMax > TMin)) yield return $"tmax ({TMax} s) must be after tmin ({TMin} s)";
        if (Baseline.Length is not (0 or 2)) yield return $"baseline needs two values [start, end], not {Baseline.Length}";
        else if (Baseline.Length == 2 && (Baseline[0] > Baseline[1] || Baseline[0] < TMin || Baseline[1] > TMax))
            yield return $"baseline [{Baseline[0]}, {Baseline[1]}] s must be an interval inside [tmin, tmax] = [{TMin}, {TMax}] s";
        if (!(Buffer > 0)) yield return $"buffer must be positive, not {Buffer} s";
    }

    public IObservable<SignalWindow> Apply(IObservable<SampleChunk> input, IObservable<MarkerEvent> side, StageContext context) =>
        Observable.Create<SignalWindow>(observer =>
        {
            var gate = new object();
            var guard = new StreamGuard(context);
            var epochs = context.Health.Counter("epochs");
            var late = context.Health.Counter("late-markers");
            var incomplete = context.Health.Counter("incomplete-epochs");
            var pending = new List<MarkerEvent>();
            var wanted = Events.Length == 0 ? null : new HashSet<string>(Events, StringComparer.Ordinal);
            SampleHistory? history = null;
            StreamDescription? stream = null;
            double rate = 0;
            int offsetStart = 0, offsetEnd = 0, keep = 0;
            var done = false;

            // Emits every pending epoch whose samples are all there; drops (and reports) those that cannot be cut.
            void Drain()
            {
                if (history is null || history.End == 0) return;
                var lastTime = history.TimeAt(history.End - 1);
                for (var i = 0; i < pending.Count;)
                {
                    var marker = pending[i];
                    if (marker.Timestamp > lastTime + 0.5 / rate)
                    {
                        i++;    // its onset sample has not arrived yet
                        continue;
                    }
                    if (marker.Timestamp < history.TimeAt(history.Start) - 0.5 / rate)
                    {
                        Report(marker, history.Start == 0
                            ? $"lies before the stream's first sample (t={history.TimeAt(0):0.000} s)"
                            : $"arrived after its samples left the {Buffer:0.#} s history");
                        pending.RemoveAt(i);
                        continue;
                    }
                    var onset = history.NearestIndex(marker.Timestamp);
                    var first = onset + offsetStart;
                    var last = onset + offsetEnd;
                    if (first < history.Start)
                    {
                        Report(marker, first < 0
                            ? $"needs samples from {TMin:0.###} s before it, before the stream began"
                            : $"arrived after its samples left the {Buffer:0.#} s history");
                        pending.RemoveAt(i);
                        continue;
                    }
                    if (last >= history.End)
                    {
                        i++;    // waiting for the rest of the epoch
                        continue;
                    }
                    pending.RemoveAt(i);
                    var window = Cut(history, stream!, first, offsetEnd - offsetStart + 1, onset, marker);
                    epochs.Increment();
                    observer.OnNext(window);
                }
            }

            void Report(MarkerEvent marker, string why)
            {
                late.Increment();
                context.Warn($"marker {marker} of '{(marker.StreamName.Length > 0 ? marker.StreamName : "markers")}' for stream '{stream?.Name}' dropped: it {why}");
            }

            var markers = side.Subscribe(marker =>
                {
                    lock (gate)
                    {
                        if (done || (wanted is not null && !wanted.Contains(marker.Value))) return;
                        pending.Add(marker);
                        Drain();
                    }
                },
                error =>
                {
                    lock (gate) observer.OnError(error);
                },
                () => { });

            var data = input.Subscribe(chunk =>
                {
                    lock (gate)
                    {
                        if (guard.Check(chunk))
                        {
                            stream = chunk.Stream;
                            rate = StreamGuard.RequireRate(stream, "dsp.epoch");
                            offsetStart = (int)Math.Round(TMin * rate);
                            offsetEnd = (int)Math.Round(TMax * rate);
                            keep = (int)Math.Ceiling(Buffer * rate) + (offsetEnd - offsetStart + 1);
                            history = new SampleHistory(chunk.ChannelCount, keep + chunk.SampleCount);
                            context.Info($"epochs of '{stream.Name}': {offsetEnd - offsetStart + 1} samples ({TMin:0.###}..{TMax:0.###} s) at " +
                                         $"{(wanted is null ? "every marker" : string.Join(", ", Events))}");
                        }
                        // A chunk larger than the ring would overwrite samples that waiting epochs still need.
                        history!.EnsureCapacity(keep + chunk.SampleCount);
                        history.Append(chunk.Values, chunk.Timestamps);
                        Drain();
                    }
                },
                error =>
                {
                    lock (gate) observer.OnError(error);
                },
                () =>
                {
                    lock (gate)
                    {
                        done = true;
                        if (pending.Count > 0)
                        {
                            incomplete.Add(pending.Count);
                            context.Warn($"stream '{stream?.Name}' ended with {pending.Count} marker(s) whose epoch was incomplete: " +
                                         string.Join(", ", pending.Take(5).Select(m => m.ToString())) + (pending.Count > 5 ? ", ..." : ""));
                            pending.Clear();
                        }
                        observer.OnCompleted();
                    }
                });
            return new System.Reactive.Disposables.CompositeDisposable(data, markers);
        });

    private SignalWindow Cut(SampleHistory history, StreamDescription stream, long first, int length, long onset, MarkerEvent marker)
    {
        var c = stream.ChannelCount;
        var data = new double[c * length];
        history.CopyWindow(first, length, data);
        if (Baseline.Length == 2)
        {
            var rate = stream.NominalRate;
            var b0 = (int)(onset + Math.Round(Baseline[0] * rate) - first);
            var b1 = (int)(onset + Math.Round(Baseline[1] * rate) - first);
            b0 = Math.Clamp(b0, 0, length - 1);
            b1 = Math.Clamp(b1, b0, length - 1);
            for (var ch = 0; ch < c; ch++)
            {
                var row = data.AsSpan(ch * length, length);
                var mean = 0.0;
                for (var t = b0; t <= b1; t++) mean += row[t];
                mean /= b1 - b0 + 1;
                for (var t = 0; t < length; t++) row[t] -= mean;
            }
        }
        return SignalWindow.Wrap(stream, data, length, history.TimeAt(first), marker);
    }
}
