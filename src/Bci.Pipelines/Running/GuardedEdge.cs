using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Bci.Core.Stages;

namespace Bci.Pipelines.Running;

/// <summary>
/// Edges into a stage or sink that turn an exception thrown while the consumer handles an item into an error of
/// that stage's output (naming the consumer and the item's stream), instead of letting it climb into the
/// producer's thread, where it would take the process down. Rx detaches an observer whose OnNext threw, so the
/// error cannot travel through the consumer itself: it goes through a per-subscription failure channel that the
/// stage's output is merged with (<see cref="FailWith{T}"/>).
/// </summary>
internal sealed class GuardedEdge(string consumerId, string consumerType)
{
    private readonly AsyncSubject<object> _failure = new();
    private int _failed;

    public IObservable<T> Guard<T>(IObservable<T> source) =>
        Observable.Create<T>(observer =>
        {
            var subscription = new SingleAssignmentDisposable();
            subscription.Disposable = source.Subscribe(
                item =>
                {
                    if (Volatile.Read(ref _failed) != 0) return;
                    try
                    {
                        observer.OnNext(item);
                    }
                    catch (Exception e)
                    {
                        if (Interlocked.Exchange(ref _failed, 1) != 0) return;
                        subscription.Dispose();
                        _failure.OnError(e as StageException ?? new StageException(consumerId, consumerType, StreamNames.Of(item), e.Message, e));
                    }
                },
                observer.OnError,
                observer.OnCompleted);
            return subscription;
        });

    /// <summary>The stage's output, ended with the guarded failure if one of its inputs' items made it throw.</summary>
    public IObservable<T> FailWith<T>(IObservable<T> output) =>
        Observable.Create<T>(observer =>
        {
            var gate = new object();
            var ended = false;
            var outputSubscription = new SingleAssignmentDisposable();
            var failureSubscription = _failure.Subscribe(_ => { }, error =>
            {
                lock (gate)
                {
                    if (ended) return;
                    ended = true;
                }
                outputSubscription.Dispose();
                observer.OnError(error);
            });
            outputSubscription.Disposable = output.Subscribe(
                item =>
                {
                    lock (gate)
                        if (!ended) observer.OnNext(item);
                },
                error =>
                {
                    lock (gate)
                    {
                        if (ended) return;
                        ended = true;
                    }
                    observer.OnError(error);
                },
                () =>
                {
                    lock (gate)
                    {
                        if (ended) return;
                        ended = true;
                    }
                    observer.OnCompleted();
                });
            return new CompositeDisposable(outputSubscription, failureSubscription);
        });
}
