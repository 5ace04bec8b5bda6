using System.Reactive;
using System.Reactive.Linq;
using Bci.Core.Stages;

namespace Bci.Lsl.Stages;

/// <summary>
/// What the LSL sink stages share: backend and config options, and the subscription pattern — per subscription a
/// publisher (its outlets and state) that receives every item and is closed exactly once, when the input ends,
/// fails, or the run is disposed.
/// </summary>
public abstract class LslOutletStage<T> : ISink<T>
{
    [Option("backend", Description = "managed, native or auto.")]
    public LslBackendMode Backend { get; init; } = LslBackendMode.Managed;

    [Option("config", Description = "lsl_api.cfg to use (relative to the pipeline file); default: found as liblsl finds it (LSLAPICFG, ./lsl_api.cfg, ~/lsl_api/, /etc/lsl_api/).")]
    public string ConfigFile { get; init; } = "";

    public IObservable<Unit> Consume(IObservable<T> input, StageContext context) => Observable.Create<Unit>(observer =>
    {
        var (publish, close) = Begin(context);
        var closed = 0;
        void CloseOnce()
        {
            if (Interlocked.Exchange(ref closed, 1) == 0) close();
        }
        var subscription = input.Subscribe(publish,
            e => { CloseOnce(); observer.OnError(e); },
            () => { CloseOnce(); observer.OnCompleted(); });
        return () => { subscription.Dispose(); CloseOnce(); };
    });

    /// <summary>Starts one subscription: what to do with each item, and how to close its outlets.</summary>
    protected abstract (Action<T> Publish, Action Close) Begin(StageContext context);

    /// <summary>The backend the options select, with the configured lsl_api.cfg.</summary>
    protected ILslBackend CreateBackend(StageContext context) => LslBackends.Create(Backend, StreamSelector.LoadConfig(ConfigFile, context));
}
