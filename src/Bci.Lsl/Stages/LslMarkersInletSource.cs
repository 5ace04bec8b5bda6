using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Lsl.Config;

namespace Bci.Lsl.Stages;

/// <summary>
/// Pulls an LSL marker stream (string, or numeric codes read as text) into the pipeline as marker events; the first
/// channel is the marker's value. Marker streams are irregular, so silence is normal unless a timeout is set.
/// </summary>
[Stage("lsl.markers-inlet", Description = "LSL marker stream -> marker events (first channel's text; clock sync; recovery).")]
public sealed class LslMarkersInletSource : ISource<MarkerEvent>, IValidatingStage
{
    [Option("name", Description = "Stream name to resolve.")]
    public string Name { get; init; } = "";

    [Option("type", Description = "Stream type to resolve (usually Markers).")]
    public string Type { get; init; } = "";

    [Option("source-id", Description = "Stream source_id to resolve.")]
    public string SourceId { get; init; } = "";

    [Option("query", Description = "Extra XPath predicate on the stream info.")]
    public string Query { get; init; } = "";

    [Option("resolve-timeout", Unit = "s", Description = "How long to look for the stream before the run fails; 0 waits forever.")]
    public double ResolveTimeout { get; init; } = 10;

    [Option("timeout", Unit = "s", Description = "Fail when no marker arrives for this long; 0 (default) allows any silence.")]
    public double Timeout { get; init; }

    [Option("clock-sync", Description = "Add the measured clock offset so timestamps are on this machine's clock.")]
    public bool ClockSync { get; init; } = true;

    [Option("backend", Description = "managed, native or auto.")]
    public LslBackendMode Backend { get; init; } = LslBackendMode.Managed;

    [Option("config", Description = "lsl_api.cfg to use (relative to the pipeline file); default: found as liblsl finds it (LSLAPICFG, ./lsl_api.cfg, ~/lsl_api/, /etc/lsl_api/).")]
    public string ConfigFile { get; init; } = "";

    public IEnumerable<string> Validate()
    {
        foreach (var problem in StreamSelector.Validate(Name, Type, SourceId, Query)) yield return problem;
        if (Timeout < 0 || ResolveTimeout < 0) yield return "timeouts cannot be negative";
    }

    public IObservable<MarkerEvent> Open(StageContext context) =>
        SourceThread.Observe<MarkerEvent>(context, $"lsl.markers-inlet {context.StageId}", (stop, observer) => Run(context, stop, observer));

    private void Run(StageContext context, CancellationToken stop, IObserver<MarkerEvent> observer)
    {
        var backend = LslBackends.Create(Backend, StreamSelector.LoadConfig(ConfigFile, context));
        var resolved = StreamSelector.ResolveOne(backend, StreamSelector.Query(Name, Type, SourceId, Query), ResolveTimeout, stop);
        using var inlet = backend.CreateInlet(resolved, new LslInletOptions { Processing = ClockSync ? LslProcessing.ClockSync : LslProcessing.None, Log = context.Warn });
        context.Info($"receiving markers of {resolved} ({backend.Name})");
        if (ClockSync) inlet.TimeCorrection(5);
        var markers = context.Health.Counter("markers");
        var values = new string[Math.Max(1, resolved.ChannelCount)];
        var numeric = new double[Math.Max(1, resolved.ChannelCount)];
        var lastData = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            bool got;
            double ts;
            if (resolved.Format == ChannelFormat.String) got = inlet.TryPullStrings(values, 0.05, out ts);
            else
            {
                got = inlet.TryPullSample<double>(numeric, 0.05, out ts);
                if (got) values[0] = numeric[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            }
            if (!got)
            {
                if (Timeout > 0 && (DateTime.UtcNow - lastData).TotalSeconds > Timeout)
                    throw new TimeoutException($"LSL marker stream '{resolved.Name}' sent nothing for {Timeout:0.###} s");
                continue;
            }
            lastData = DateTime.UtcNow;
            markers.Increment();
            observer.OnNext(new MarkerEvent(values[0], ts, resolved.Name));
        }
        observer.OnCompleted();
    }
}
