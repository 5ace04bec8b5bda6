using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Bci.Core.Health;

namespace Bci.Core.Overload;

/// <summary>
/// Hands a stream over to another scheduler through a bounded queue, applying an <see cref="OverloadPolicy"/>.
/// Rx has no back-pressure; this is where a slow consumer is made explicit: latest-wins drops the oldest queued
/// item (counted in <c>dropped</c>), block makes the producer wait. Queue depth is published in <c>queue</c>
/// (its <see cref="HealthCounter.Max"/> shows the bound held). Completion and errors are never dropped.
/// </summary>
public static class BoundedHandoff
{
    public static IObservable<T> ObserveOnBounded<T>(this IObservable<T> source, OverloadPolicy policy, IScheduler scheduler,
        HealthCounters health)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scheduler);
        if (policy.Mode == OverloadMode.Inline) return source;

        return Observable.Create<T>(observer =>
        {
            var handoff = new Handoff<T>(observer, policy, scheduler, health.Counter("dropped", "items"), health.Counter("queue", "items"));
            var subscription = source.Subscribe(handoff);
            return new CompositeDisposable(handoff, subscription);
        });
    }

    private sealed class Handoff<T>(IObserver<T> downstream, OverloadPolicy policy, IScheduler scheduler, HealthCounter dropped, HealthCounter depth)
        : IObserver<T>, IDisposable
    {
        private readonly Queue<T> _queue = new(Math.Min(policy.Capacity, 1024));
        private readonly object _gate = new(); // Monitor.Wait/Pulse need a monitor object, not System.Threading.Lock
        private bool _draining;
        private bool _disposed;
        private bool _terminated;
        private Exception? _error;
        private bool _completed;

        public void OnNext(T value)
        {
            lock (_gate)
            {
                if (_disposed || _terminated) return;
                if (_queue.Count >= policy.Capacity)
                {
                    if (policy.Mode == OverloadMode.LatestWins)
                    {
                        _queue.Dequeue();
                        dropped.Increment();
                    }
                    else
                    {
                        while (_queue.Count >= policy.Capacity && !_disposed)
                            Monitor.Wait(_gate);
                        if (_disposed) return;
                    }
                }
                _queue.Enqueue(value);
                depth.Set(_queue.Count);
                ScheduleDrainLocked();
            }
        }

        public void OnError(Exception error) => Terminate(error, completed: false);

        public void OnCompleted() => Terminate(null, completed: true);

        private void Terminate(Exception? error, bool completed)
        {
            lock (_gate)
            {
                if (_terminated) return;
                _terminated = true;
                _error = error;
                _completed = completed;
                ScheduleDrainLocked();
            }
        }

        private void ScheduleDrainLocked()
        {
            if (_draining) return;
            _draining = true;
            scheduler.Schedule(Drain);
        }

        private void Drain()
        {
            while (true)
            {
                T item;
                lock (_gate)
                {
                    if (_disposed) return;
                    if (_queue.Count == 0)
                    {
                        _draining = false;
                        if (!_terminated) return;
                        _disposed = true;
                        break;
                    }
                    item = _queue.Dequeue();
                    depth.Set(_queue.Count);
                    Monitor.PulseAll(_gate);
                }
                downstream.OnNext(item);
            }
            if (_error is not null) downstream.OnError(_error);
            else if (_completed) downstream.OnCompleted();
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _queue.Clear();
                Monitor.PulseAll(_gate);
            }
        }
    }
}
