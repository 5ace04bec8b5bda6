using System.Reactive.Disposables;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Lsl.Managed;

namespace Bci.Lsl.Stages;

/// <summary>
/// Runs a pulling source on its own thread: the pull loop's errors become the stream's OnError, a stop request
/// ends it with OnCompleted, and nothing (not even a throwing observer) escapes the thread. Disposing the
/// subscription stops the loop and waits for the thread.
/// </summary>
internal static class SourceThread
{
    public static IObservable<T> Observe<T>(StageContext context, string threadName, Action<CancellationToken, IObserver<T>> run) =>
        Observable.Create<T>(observer =>
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(context.Stopping);
            var token = stop.Token;
            var thread = LslThreads.Start(threadName, () =>
            {
                try
                {
                    run(token, observer);
                }
                catch (Exception e) when (token.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or LslStreamLostException)
                {
                    Notify(() => observer.OnCompleted(), context);
                }
                catch (Exception e)
                {
                    Notify(() => observer.OnError(e), context);
                }
            }, context.Warn);
            return Disposable.Create(() =>
            {
                stop.Cancel();
                // Disposed only once the thread is gone; a thread slower than the join reads nothing but IsCancellationRequested.
                if (LslThreads.JoinAll([thread], TimeSpan.FromSeconds(3))) stop.Dispose();
            });
        });

    private static void Notify(Action notify, StageContext context)
    {
        try
        {
            notify();
        }
        catch (Exception e)
        {
            context.Warn($"a downstream stage failed while the LSL source was ending: {e.GetType().Name}: {e.Message}");
        }
    }
}
