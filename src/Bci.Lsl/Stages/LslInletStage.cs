using System.Reflection;
using Bci.Core.Stages;
using Bci.Lsl.Info;

namespace Bci.Lsl.Stages;

/// <summary>
/// What the LSL source stages share: the options that select a stream (name/type/source-id/query), clock sync,
/// backend and config; resolving exactly one stream; and running the pull loop on its own thread
/// (<see cref="SourceThread"/>), where errors become the stream's OnError and nothing escapes.
/// </summary>
public abstract class LslInletStage<T> : ISource<T>, IValidatingStage
{
    [Option("name", Description = "Stream name to resolve.")]
    public string Name { get; init; } = "";

    [Option("type", Description = "Stream type to resolve (EEG, EMG, Markers, ...).")]
    public string Type { get; init; } = "";

    [Option("source-id", Description = "Stream source_id to resolve (stable across outlet restarts).")]
    public string SourceId { get; init; } = "";

    [Option("query", Description = "Extra XPath predicate on the stream info, e.g. \"channel_count>=8\".")]
    public string Query { get; init; } = "";

    [Option("clock-sync", Description = "Add the measured clock offset so timestamps are on this machine's clock.")]
    public bool ClockSync { get; init; } = true;

    [Option("backend", Description = "managed (built in), native (liblsl) or auto (native when loadable).")]
    public LslBackendMode Backend { get; init; } = LslBackendMode.Managed;

    [Option("config", Description = "lsl_api.cfg to use (relative to the pipeline file); default: found as liblsl finds it (LSLAPICFG, ./lsl_api.cfg, ~/lsl_api/, /etc/lsl_api/).")]
    public string ConfigFile { get; init; } = "";

    public virtual IEnumerable<string> Validate() => StreamSelector.Validate(Name, Type, SourceId, Query);

    public IObservable<T> Open(StageContext context)
    {
        var stage = GetType().GetCustomAttribute<StageAttribute>()?.Name ?? GetType().Name;
        return SourceThread.Observe<T>(context, $"{stage} {context.StageId}", (stop, observer) => Run(context, stop, observer));
    }

    /// <summary>The pull loop: runs on the stage's thread until <paramref name="stop"/> or an error (thrown, not caught).</summary>
    protected abstract void Run(StageContext context, CancellationToken stop, IObserver<T> observer);

    /// <summary>The selected backend and the one stream matching the options (a TimeoutException naming the query otherwise).</summary>
    protected (ILslBackend Backend, LslStreamInfo Stream) Resolve(StageContext context, double timeoutSeconds, CancellationToken stop)
    {
        var backend = LslBackends.Create(Backend, StreamSelector.LoadConfig(ConfigFile, context));
        return (backend, StreamSelector.ResolveOne(backend, StreamSelector.Query(Name, Type, SourceId, Query), timeoutSeconds, stop));
    }

    /// <summary>The silence watchdog: a TimeoutException naming the stream once nothing arrived for <paramref name="timeoutSeconds"/> (0: never).</summary>
    protected static void ThrowIfSilent(DateTime lastData, double timeoutSeconds, string stream)
    {
        if (timeoutSeconds > 0 && (DateTime.UtcNow - lastData).TotalSeconds > timeoutSeconds)
            throw new TimeoutException($"{stream} sent nothing for {timeoutSeconds:0.###} s");
    }
}
