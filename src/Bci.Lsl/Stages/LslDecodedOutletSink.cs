using System.Xml.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Lsl.Stages;

/// <summary>
/// Publishes decoder outputs for games, feedback programs and LabRecorder: an irregular float32 stream with one
/// channel per class probability (labelled with the class) and a "control" channel (NaN when the decoder gives
/// none), stamped with the decoded data's time; optionally a marker stream with the predicted class.
/// </summary>
[Stage("lsl.decoded-outlet", Description = "Decoded outputs -> LSL: class probabilities + control (float32, irregular) and optional predicted-class markers.")]
public sealed class LslDecodedOutletSink : LslOutletStage<DecodedOutput>
{
    [Option("name", Description = "Stream name; the marker stream is <name>-markers.")]
    public string Name { get; init; } = "bci-decoded";

    [Option("type", Description = "Stream type.")]
    public string Type { get; init; } = "Decoded";

    [Option("source-id", Description = "source_id; default: bci-<name>.")]
    public string SourceId { get; init; } = "";

    [Option("markers", Description = "Also publish the predicted class as a string marker stream.")]
    public bool Markers { get; init; } = true;

    protected override (Action<DecodedOutput> Publish, Action Close) Begin(StageContext context)
    {
        ILslOutlet? values = null, markers = null;
        string[] classes = [];
        var published = context.Health.Counter("outputs");
        void Publish(DecodedOutput output)
        {
            if (values is null)
            {
                classes = output.Classes.ToArray();
                var backend = CreateBackend(context);
                var sourceId = SourceId.Length > 0 ? SourceId : "bci-" + Name;
                var info = new LslStreamInfo(Name, Type, classes.Length + 1, LslConstants.IrregularRate, ChannelFormat.Float32, sourceId);
                info.Desc.Add(new XElement("channels",
                    classes.Select(c => new XElement("channel", new XElement("label", c), new XElement("type", "Probability"), new XElement("unit", "probability")))
                        .Append(new XElement("channel", new XElement("label", "control"), new XElement("type", "Control"), new XElement("unit", "")))));
                info.Desc.Add(new XElement("decoder", output.Decoder));
                values = backend.CreateOutlet(info, new LslOutletOptions { Log = context.Warn });
                if (Markers)
                    markers = backend.CreateOutlet(new LslStreamInfo(Name + "-markers", "Markers", 1, LslConstants.IrregularRate, ChannelFormat.String, sourceId + "-markers"), new LslOutletOptions { Log = context.Warn });
                context.Info($"publishing {values.Info}{(markers is null ? "" : $" and {markers.Info.Name}")}");
            }
            if (!output.Classes.SequenceEqual(classes))
                throw new InvalidDataException($"decoder '{output.Decoder}' changed its classes from [{string.Join(", ", classes)}] to [{string.Join(", ", output.Classes)}]; the LSL stream's channels are fixed");
            var sample = new float[classes.Length + 1];
            for (var i = 0; i < classes.Length; i++) sample[i] = (float)output.Probabilities[i];
            sample[^1] = output.Control is { } control ? (float)control : float.NaN;
            values.PushSample<float>(sample, output.Timestamp);
            if (markers is not null && output.PredictedClass is { } predicted) markers.PushStrings([predicted], output.Timestamp);
            published.Increment();
        }
        return (Publish, () => { values?.Dispose(); markers?.Dispose(); });
    }
}
