using System.Reactive;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Lsl.Stages;

/// <summary>Publishes marker events as a one-channel irregular string stream (what LabRecorder and stimulus programs expect).</summary>
[Stage("lsl.marker-outlet", Description = "Marker events -> an LSL string marker stream (1 channel, irregular).")]
public sealed class LslMarkerOutletSink : ISink<MarkerEvent>
{
    [Option("name", Description = "Stream name.")]
    public string Name { get; init; } = "bci-markers";

    [Option("type", Description = "Stream type.")]
    public string Type { get; init; } = "Markers";

    [Option("source-id", Description = "source_id; default: bci-<name>.")]
    public string SourceId { get; init; } = "";

    [Option("backend", Description = "managed, native or auto.")]
    public LslBackendMode Backend { get; init; } = LslBackendMode.Managed;

    [Option("config", Description = "lsl_api.cfg to use (relative to the pipeline file); default: found as liblsl finds it (LSLAPICFG, ./lsl_api.cfg, ~/lsl_api/, /etc/lsl_api/).")]
    public string ConfigFile { get; init; } = "";

    public IObservable<Unit> Consume(IObservable<MarkerEvent> input, StageContext context) => Observable.Create<Unit>(observer =>
    {
        var info = new LslStreamInfo(Name, Type, 1, LslConstants.IrregularRate, ChannelFormat.String, SourceId.Length > 0 ? SourceId : "bci-" + Name);
        var outlet = LslBackends.Create(Backend, StreamSelector.LoadConfig(ConfigFile, context)).CreateOutlet(info, new LslOutletOptions { Log = context.Warn });
        context.Info($"publishing {outlet.Info}");
        var markers = context.Health.Counter("markers");
        var subscription = input.Subscribe(marker =>
        {
            outlet.PushStrings([marker.Value], marker.Timestamp);
            markers.Increment();
        },
        e => { outlet.Dispose(); observer.OnError(e); },
        () => { outlet.Dispose(); observer.OnCompleted(); });
        return () => { subscription.Dispose(); outlet.Dispose(); };
    });
}
