using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Recording.Xdf;

namespace Bci.Recording.Stages;

/// <summary>
/// Records whatever reaches it into an XDF file: sample chunks (one XDF stream per stream description), markers
/// (one string stream per marker stream name) and decoded outputs (class probabilities, then the control value,
/// as a float32 stream per decoder). Never drops: give the edge `overload: block(n)` so that a slow disk makes
/// the producer wait instead of queueing without bound. Chunks reach the disk at least every flush interval, and
/// the footers are written when the input completes or fails, so a stopped or failed run leaves a complete file.
/// </summary>
[Stage("recording.xdf", Description = "Records the stream it taps (samples, markers or decoded outputs) into an XDF file, LabRecorder-compatible; never drops.")]
public sealed class XdfRecordingSink : ISink<object>, IValidatingStage
{
    [Option("path", Required = true, Description = "XDF file to write (relative to the pipeline file); {time} is replaced by the start time.")]
    public string Path { get; init; } = "";

    [Option("flush", Unit = "s", Description = "Longest time samples stay in memory before they are written and synced.")]
    public double Flush { get; init; } = 0.5;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Path)) yield return "path is required";
        if (!(Flush > 0) || Flush > 60) yield return $"flush must be above 0 s and at most 60 s, not {Flush}";
    }

    public IObservable<Unit> Consume(IObservable<object> input, StageContext context) => Observable.Create<Unit>(observer =>
    {
        var path = context.ResolvePath(Path.Replace("{time}", DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)));
        var writer = new XdfWriter(path, new XdfWriterOptions { FlushInterval = Flush, Clock = context.Clock });
        context.Info($"recording to {path}");
        var samples = context.Health.Counter("recorded", "items");
        var ids = new Dictionary<string, uint>(StringComparer.Ordinal);
        var decoders = new Dictionary<string, StreamDescription>(StringComparer.Ordinal);
        var warnedWindows = false;
        var gate = new object();
        var closed = false;

        uint Id(string key, Func<StreamDescription> describe)
        {
            if (!ids.TryGetValue(key, out var id)) ids[key] = id = writer.AddStream(describe());
            return id;
        }

        void Close()
        {
            lock (gate)
            {
                if (closed) return;
                closed = true;
                writer.Dispose();
            }
        }

        // A quiet input still gets its buffered samples onto the disk.
        var timer = context.Scheduler.SchedulePeriodic(TimeSpan.FromSeconds(Flush), () =>
        {
            lock (gate) if (!closed) writer.Flush();
        });

        var subscription = input.Subscribe(
            item =>
            {
                lock (gate)
                {
                    if (closed) return;
                    switch (item)
                    {
                        case SampleChunk chunk:
                            writer.Write(Id("s:" + chunk.Stream.Name + "\u0001" + chunk.Stream.SourceId, () => chunk.Stream), chunk);
                            break;
                        case MarkerEvent marker:
                            var name = string.IsNullOrEmpty(marker.StreamName) ? "markers" : marker.StreamName;
                            writer.Write(Id("m:" + name, () => new StreamDescription(name, "Markers", [new ChannelInfo("marker", "Markers", "")],
                                StreamDescription.IrregularRate, ChannelFormat.String)), [marker]);
                            break;
                        case DecodedOutput decoded:
                            var description = decoders.TryGetValue(decoded.Decoder, out var known) ? known : decoders[decoded.Decoder] = Describe(decoded);
                            var values = decoded.Probabilities.Concat(decoded.Control is { } control ? [control] : Array.Empty<double>()).ToArray();
                            if (values.Length != description.ChannelCount)
                                throw new InvalidOperationException($"decoder '{decoded.Decoder}' changed its output from {description.ChannelCount} to {values.Length} values");
                            writer.Write(Id("d:" + decoded.Decoder, () => description), SampleChunk.Wrap(description, values, [decoded.Timestamp]));
                            break;
                        case SignalWindow when !warnedWindows:
                            warnedWindows = true;
                            context.Warn("windows/epochs are not recorded (record the samples they were cut from instead)");
                            break;
                    }
                    samples.Increment();
                }
            },
            error =>
            {
                Close(); // footers written: what was recorded stays readable
                observer.OnError(error);
            },
            () =>
            {
                Close();
                context.Info($"recording closed: {path}");
                observer.OnNext(Unit.Default);
                observer.OnCompleted();
            });
        return new CompositeDisposable(subscription, timer, Disposable.Create(Close));
    });

    private static StreamDescription Describe(DecodedOutput decoded)
    {
        var channels = decoded.Classes.Select(c => new ChannelInfo($"p({c})", "Probability", ""))
            .Concat(decoded.Control is null ? [] : [new ChannelInfo("control", "Control", "")]);
        return new StreamDescription(decoded.Decoder, "Decoded", channels, StreamDescription.IrregularRate, ChannelFormat.Float32);
    }
}
