using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Dsp.Tests;

/// <summary>Which fault <see cref="FaultySource"/> injects.</summary>
public enum Fault { None, ChannelChange, NanBurst, TimeReversal }

/// <summary>
/// Test source: a deterministic multi-channel signal paced on the run's scheduler, with one injected fault at
/// <c>at</c> seconds: the channel count drops by one, a channel turns NaN for <c>burst</c> seconds, or the
/// timestamps jump back by half a second.
/// </summary>
[Stage("dsptest.faulty", Description = "Test source with an injected fault.")]
public sealed class FaultySource : ISource<SampleChunk>
{
    [Option("channels")] public int Channels { get; init; } = 8;
    [Option("rate", Unit = "Hz")] public double Rate { get; init; } = 250;
    [Option("chunk", Unit = "samples")] public int Chunk { get; init; } = 25;
    [Option("duration", Unit = "s")] public double Duration { get; init; } = 5;
    [Option("fault")] public Fault Fault { get; init; } = Fault.None;
    [Option("at", Unit = "s")] public double At { get; init; } = 2;
    [Option("burst", Unit = "s")] public double Burst { get; init; } = 0.2;
    [Option("channel")] public int Channel { get; init; } = 2;

    public IObservable<SampleChunk> Open(StageContext context) => Observable.Create<SampleChunk>(observer =>
    {
        var full = StreamDescription.Unlabelled("faulty", "EEG", Channels, Rate);
        var reduced = StreamDescription.Unlabelled("faulty", "EEG", Channels - 1, Rate);
        var total = (int)Math.Round(Duration * Rate);
        var signal = StageHarness.Signal(total, Channels, Rate);
        var emitted = 0;
        return context.Scheduler.Schedule(TimeSpan.FromSeconds(Chunk / Rate), self =>
        {
            if (emitted >= total || context.Stopping.IsCancellationRequested)
            {
                observer.OnCompleted();
                return;
            }
            var n = Math.Min(Chunk, total - emitted);
            var t0 = emitted / Rate;
            var changed = Fault == Fault.ChannelChange && t0 >= At;
            var stream = changed ? reduced : full;
            var c = stream.ChannelCount;
            var values = new double[n * c];
            var times = new double[n];
            for (var s = 0; s < n; s++)
            {
                var t = (emitted + s) / Rate;
                times[s] = 10 + t - (Fault == Fault.TimeReversal && t >= At ? 0.5 : 0);
                for (var ch = 0; ch < c; ch++)
                {
                    var v = signal[(emitted + s) * Channels + ch];
                    if (Fault == Fault.NanBurst && ch == Channel && t >= At && t < At + Burst) v = double.NaN;
                    values[s * c + ch] = v;
                }
            }
            emitted += n;
            observer.OnNext(SampleChunk.Wrap(stream, values, times));
            self(TimeSpan.FromSeconds(n / Rate));
        });
    });
}

/// <summary>Test source of markers at given times (relative to the faulty/synthetic stream's 10 s origin).</summary>
[Stage("dsptest.markers", Description = "Test marker source.")]
public sealed class MarkerListSource : ISource<MarkerEvent>
{
    [Option("values")] public string[] Values { get; init; } = [];
    [Option("times", Unit = "s")] public double[] Times { get; init; } = [];
    [Option("lead", Unit = "s", Description = "Emit each marker this long before (negative: after) its time.")]
    public double Lead { get; init; }

    public IObservable<MarkerEvent> Open(StageContext context) =>
        Values.Zip(Times).Select(p => Observable.Timer(TimeSpan.FromSeconds(Math.Max(0, p.Second - 10 - Lead)), context.Scheduler)
                .Select(_ => new MarkerEvent(p.First, p.Second, "cues")))
            .Merge()
            .Concat(Observable.Never<MarkerEvent>())
            .TakeUntil(Observable.Create<Unit>(o => context.Stopping.Register(() => o.OnNext(Unit.Default))));
}

/// <summary>Collects windows (per pipeline run: tests run one at a time).</summary>
[Stage("dsptest.collect-windows", Description = "Test sink: keeps every window.")]
public sealed class CollectWindowsSink : ISink<SignalWindow>
{
    public static readonly AsyncLocal<List<SignalWindow>?> Target = new();

    public IObservable<Unit> Consume(IObservable<SignalWindow> input, StageContext context)
    {
        var target = Target.Value ?? throw new InvalidOperationException("set CollectWindowsSink.Target first");
        return Observable.Create<Unit>(observer => input.Subscribe(w =>
        {
            lock (target) target.Add(w);
        }, observer.OnError, observer.OnCompleted));
    }
}
