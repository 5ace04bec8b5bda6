using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Bci.Audio.Wav;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Audio.Stages;

/// <summary>
/// Replays a WAV file as a sample stream beside the EEG (e.g. the speech track a participant heard), read in
/// chunks so a file of any length streams in constant memory. Values are the file's samples normalised to
/// [-1, 1) (unit "FS": full scale; audio has no volts), one timestamp per sample from the LSL time the source
/// opened. A malformed file fails the stage with the byte offset.
/// </summary>
[Stage("wav", Description = "Replays a WAV file (PCM/float, any channel count, RF64) as a sample stream on the LSL clock, real time or as fast as consumed.")]
public sealed class WavSource : ISource<SampleChunk>, IValidatingStage
{
    [Option("path", Required = true, Description = "The WAV file (relative to the pipeline file).")]
    public string Path { get; init; } = "";

    [Option("name", Description = "Stream name (empty: the file's name).")]
    public string Name { get; init; } = "";

    [Option("chunk", Unit = "samples", Description = "Samples per emitted chunk.")]
    public int Chunk { get; init; } = 1024;

    [Option("pace", Description = "realtime: as the audio would play; max: as fast as consumed.")]
    public WavPace Pace { get; init; } = WavPace.Realtime;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Path)) yield return "path is required";
        if (Chunk < 1 || Chunk > 1 << 20) yield return $"chunk must be 1..{1 << 20} samples, not {Chunk}";
    }

    public IObservable<SampleChunk> Open(StageContext context) => Observable.Create<SampleChunk>(observer =>
    {
        var path = context.ResolvePath(Path);
        WavReader reader;
        try
        {
            reader = WavReader.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            observer.OnError(e);
            return Disposable.Empty;
        }
        var format = reader.Format;
        var description = new StreamDescription(
            Name.Length > 0 ? Name : System.IO.Path.GetFileNameWithoutExtension(path), "Audio",
            Enumerable.Range(1, format.Channels).Select(i => new ChannelInfo($"ch{i}", "Audio", "FS")), format.SampleRate,
            format.IsFloat ? ChannelFormat.Float32 : ChannelFormat.Int32,
            sourceId: $"wav:{System.IO.Path.GetFileName(path)}",
            metadata: new Dictionary<string, string>
            {
                ["file"] = path,
                ["sample_format"] = WavFormat.Name(format.SampleFormat),
                ["frames"] = reader.FrameCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        var start = context.Clock.Now;
        var emitted = 0L;
        var frames = context.Health.Counter("frames");

        bool EmitNext()
        {
            if (context.Stopping.IsCancellationRequested || emitted >= reader.FrameCount)
            {
                observer.OnCompleted();
                return false;
            }
            var count = (int)Math.Min(Chunk, reader.FrameCount - emitted);
            var values = new double[count * format.Channels];
            try
            {
                count = reader.Read(values);
            }
            catch (WavFormatException e)
            {
                observer.OnError(e);
                return false;
            }
            var times = new double[count];
            for (var i = 0; i < count; i++) times[i] = start + (emitted + i) / (double)format.SampleRate;
            observer.OnNext(SampleChunk.Wrap(description, values, times, count));
            emitted += count;
            frames.Add(count);
            return true;
        }

        var scheduler = context.Scheduler;
        IDisposable loop;
        if (Pace == WavPace.Max)
            loop = scheduler.Schedule(self =>
            {
                if (EmitNext()) self();
            });
        else
        {
            var origin = scheduler.Now;
            loop = scheduler.Schedule(origin + TimeSpan.FromSeconds(Math.Min(Chunk, reader.FrameCount) / (double)format.SampleRate),
                (Action<DateTimeOffset> self) =>
                {
                    if (!EmitNext()) return;
                    self(origin + TimeSpan.FromSeconds(Math.Min(emitted + Chunk, reader.FrameCount) / (double)format.SampleRate));
                });
        }
        return new CompositeDisposable(loop, reader);
    });
}
