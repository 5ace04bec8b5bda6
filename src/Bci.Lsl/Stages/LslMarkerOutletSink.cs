using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Lsl.Stages;

/// <summary>Publishes marker events as a one-channel irregular string stream (what LabRecorder and stimulus programs expect).</summary>
[Stage("lsl.marker-outlet", Description = "Marker events -> an LSL string marker stream (1 channel, irregular).")]
public sealed class LslMarkerOutletSink : LslOutletStage<MarkerEvent>
{
    [Option("name", Description = "Stream name.")]
    public string Name { get; init; } = "bci-markers";

    [Option("type", Description = "Stream type.")]
    public string Type { get; init; } = "Markers";

    [Option("source-id", Description = "source_id; default: bci-<name>.")]
    public string SourceId { get; init; } = "";

    protected override (Action<MarkerEvent> Publish, Action Close) Begin(StageContext context)
    {
        var info = new LslStreamInfo(Name, Type, 1, LslConstants.IrregularRate, ChannelFormat.String, SourceId.Length > 0 ? SourceId : "bci-" + Name);
        var outlet = CreateBackend(context).CreateOutlet(info, new LslOutletOptions { Log = context.Warn });
        context.Info($"publishing {outlet.Info}");
        var markers = context.Health.Counter("markers");
        return (marker =>
        {
            outlet.PushStrings([marker.Value], marker.Timestamp);
            markers.Increment();
        }, outlet.Dispose);
    }
}
