using System.Reactive.Disposables;
using System.Reactive.Linq;
using Bci.Core.Stages;

namespace Bci.Pipelines.Running;

/// <summary>
/// An edge into a stage or sink that turns an exception thrown while the consumer handles an item into an error
/// on the stream (naming the consumer and the item's stream) instead of letting it climb into the producer's
/// thread, where it would take the process down. After such an error the edge stops forwarding.
/// </summary>
internal static class GuardedEdge
{
    public static IObservable<T> Guard<T>(IObservable<T> source, string consumerId, string consumerType) =>
        Observable.Create<T>(observer =>
        {
            var failed = 0;
            var subscription = new SingleAssignmentDisposable();
            subscription.Disposable = source.Subscribe(
                item =>
                {
                    if (Volatile.Read(ref failed) != 0) return;
                    try
                    {
                        observer.OnNext(item);
                    }
                    catch (Exception e)
                    {
                        if (Interlocked.Exchange(ref failed, 1) != 0) return;
                        subscription.Dispose();
                        observer.OnError(e as StageException ?? new StageException(consumerId, consumerType, StreamNames.Of(item), e.Message, e));
                    }
                },
                error =>
                {
                    if (Interlocked.Exchange(ref failed, 1) == 0) observer.OnError(error);
                },
                () =>
                {
                    if (Volatile.Read(ref failed) == 0) observer.OnCompleted();
                });
            return subscription;
        });
}
