using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Lsl.Stages;

/// <summary>
/// Publishes sample chunks as an LSL stream, with channel labels, types and units in desc. Values leave in
/// microvolts by default (the usual EEG unit on LSL; lsl.inlet converts back to volts). The outlet is created
/// with the first chunk, since only then is the stream known, and closed when the input ends.
/// </summary>
[Stage("lsl.outlet", Description = "Sample chunks -> an LSL stream (desc with channel labels/units; microvolts by default).")]
public sealed class LslOutletSink : LslOutletStage<SampleChunk>
{
    [Option("name", Description = "Stream name; default: the input stream's name.")]
    public string Name { get; init; } = "";

    [Option("type", Description = "Stream type; default: the input stream's type.")]
    public string Type { get; init; } = "";

    [Option("source-id", Description = "source_id (lets inlets recover after a restart); default: bci-<name>.")]
    public string SourceId { get; init; } = "";

    [Option("format", Description = "Channel format on the wire: float32, double64, int32, int16, int8 or int64.")]
    public string Format { get; init; } = "float32";

    [Option("unit", Description = "microvolts (values x 1e6) or volts.")]
    public LslUnit Unit { get; init; } = LslUnit.Microvolts;

    [Option("max-buffered", Unit = "s", Description = "Per-inlet send buffer (liblsl max_buffered).")]
    public double MaxBuffered { get; init; } = 360;

    protected override (Action<SampleChunk> Publish, Action Close) Begin(StageContext context)
    {
        ILslOutlet? outlet = null;
        var scale = Unit == LslUnit.Microvolts ? 1e6 : 1;
        var samples = context.Health.Counter("samples");
        var consumers = context.Health.Counter("consumers");
        double[] scratch = [];
        void Publish(SampleChunk chunk)
        {
            if (outlet is null)
            {
                var stream = chunk.Stream;
                var name = Name.Length > 0 ? Name : stream.Name;
                var described = stream.WithName(name, Type.Length > 0 ? Type : stream.Type) with
                {
                    SourceId = SourceId.Length > 0 ? SourceId : stream.SourceId.Length > 0 ? stream.SourceId : "bci-" + name,
                };
                var info = LslStreamInfo.FromDescription(described, ChannelFormatNames.Parse(Format), Unit == LslUnit.Microvolts ? "microvolts" : "volts");
                outlet = CreateBackend(context).CreateOutlet(info, new LslOutletOptions { MaxBufferedSeconds = MaxBuffered, Log = context.Warn });
                context.Info($"publishing {outlet.Info} on port {outlet.Info.V4DataPort}");
            }
            var values = chunk.Values;
            if (scratch.Length < values.Length) scratch = new double[values.Length];
            for (var i = 0; i < values.Length; i++) scratch[i] = values[i] * scale;
            outlet.PushChunk<double>(scratch.AsSpan(0, values.Length), chunk.Timestamps);
            samples.Add(chunk.SampleCount);
            consumers.Set(outlet.HaveConsumers ? 1 : 0);
        }
        return (Publish, () => outlet?.Dispose());
    }
}
