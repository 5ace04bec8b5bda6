using System.Collections.Immutable;
using System.Diagnostics;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Bci.Core.Overload;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Decoding.Evaluation;

namespace Bci.Decoding.Stages;

/// <summary>
/// What both decoder stages share: per subscription, the model is loaded, windows are handed through a bounded
/// latest-wins queue (the oldest waiting window is dropped and counted in <c>dropped</c> when decoding falls
/// behind) to a dedicated thread, each window is checked against the manifest (channels by label, rate,
/// length) and decoded, and the compute time of every window is measured (<c>latency-us</c>: last value, its
/// max; p50/p99 logged when the stream ends).
/// </summary>
internal static class WindowDecoding
{
    public static IObservable<DecodedOutput> Run(IObservable<SignalWindow> input, StageContext context, Func<IWindowModel> load, int queue)
    {
        if (queue < 1) throw new ArgumentOutOfRangeException(nameof(queue), queue, "the decoder queue holds at least one window");
        return Observable.Create<DecodedOutput>(observer =>
        {
            var model = load();
            var thread = new EventLoopScheduler(start => new Thread(start) { Name = $"bci:{context.StageId}:decode", IsBackground = true });
            var guard = new ModelGuard(model);
            var latency = context.Health.Counter("latency-us", "us");
            var decoded = context.Health.Counter("decoded", "windows");
            var latencies = new List<float>();
            var maps = new Dictionary<StreamDescription, int[]>(ReferenceEqualityComparer.Instance);
            var manifest = model.Manifest;
            context.Info($"model '{manifest.Name}' ({manifest.Kind}, {manifest.Classes.Count} classes, {manifest.Channels.Count} ch at {manifest.Rate:0.###} Hz, {manifest.Samples} samples)");

            DecodedOutput Decode(SignalWindow window)
            {
                var clock = Stopwatch.StartNew();
                if (!maps.TryGetValue(window.Stream, out var map))
                    maps[window.Stream] = map = manifest.Validate(window.Stream, window.SampleCount);
                else if (window.SampleCount != manifest.Samples)
                    manifest.Validate(window.Stream, window.SampleCount); // throws, naming the lengths
                var t = window.SampleCount;
                var data = new float[map.Length * t];
                for (var c = 0; c < map.Length; c++)
                {
                    var row = window.Channel(map[c]);
                    for (var s = 0; s < t; s++) data[c * t + s] = (float)row[s];
                }
                var (probabilities, embedding) = guard.Use(m => m.Decode(data));
                clock.Stop();
                var micros = (long)(clock.Elapsed.TotalMilliseconds * 1000);
                latency.Set(micros);
                decoded.Increment();
                if (latencies.Count < 1_000_000) latencies.Add((float)clock.Elapsed.TotalMilliseconds);
                return new DecodedOutput(manifest.Name, window.EndTime, manifest.Classes, probabilities)
                {
                    Embedding = embedding.ToImmutableArray(),
                    Event = window.Event,
                    Control = probabilities.Length == 2 ? probabilities[1] - probabilities[0] : null,
                };
            }

            void Summarise()
            {
                if (latencies.Count == 0) return;
                var sorted = latencies.OrderBy(v => v).ToArray();
                context.Info($"decoded {latencies.Count} windows; compute latency p50 {Percentiles.Of(sorted, 0.5):0.00} ms, " +
                             $"p99 {Percentiles.Of(sorted, 0.99):0.00} ms; dropped {context.Health["dropped"]}");
            }

            var subscription = input
                .ObserveOnBounded(OverloadPolicy.LatestWins(queue), thread, context.Health)
                .Select(Decode)
                .Do(_ => { }, _ => Summarise(), Summarise)
                .Subscribe(observer);
            return new CompositeDisposable(subscription, guard, thread);
        });
    }

    /// <summary>Disposes the model only when no decode call is running on it, whichever thread asks first.</summary>
    private sealed class ModelGuard(IWindowModel model) : IDisposable
    {
        private readonly object _gate = new();
        private bool _busy;
        private bool _disposed;

        public T Use<T>(Func<IWindowModel, T> call)
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, model);
                _busy = true;
            }
            try
            {
                return call(model);
            }
            finally
            {
                bool dispose;
                lock (_gate)
                {
                    _busy = false;
                    dispose = _disposed;
                }
                if (dispose) model.Dispose();
            }
        }

        public void Dispose()
        {
            bool now;
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                now = !_busy;
            }
            if (now) model.Dispose();
        }
    }
}
