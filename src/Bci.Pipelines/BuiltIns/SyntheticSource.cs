using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Pipelines.BuiltIns;

/// <summary>
/// A source of sines plus noise with known parameters per channel: the pipeline's "hello world" and a test signal
/// whose statistics are known in advance. Paced in real time on the run's scheduler (virtual time in tests) or
/// as fast as possible.
/// </summary>
[Stage("synthetic", Description = "Sines plus Gaussian noise with known parameters per channel (test signal; no hardware needed).")]
public sealed class SyntheticSource : ISource<SampleChunk>, IValidatingStage
{
    [Option("name", Description = "Stream name.")]
    public string Name { get; init; } = "synthetic";

    [Option("channels", Description = "Number of channels (labelled ch1..chN).")]
    public int Channels { get; init; } = 8;

    [Option("rate", Unit = "Hz", Description = "Sampling rate.")]
    public double Rate { get; init; } = 250;

    [Option("chunk", Unit = "samples", Description = "Samples per emitted chunk.")]
    public int Chunk { get; init; } = 25;

    [Option("frequencies", Unit = "Hz", Description = "Sine frequency of each channel, cycled when there are fewer than channels.")]
    public double[] Frequencies { get; init; } = [10, 12, 20];

    [Option("amplitude", Unit = "V", Description = "Sine amplitude (peak).")]
    public double Amplitude { get; init; } = 20e-6;

    [Option("noise", Unit = "V", Description = "RMS of the added Gaussian noise.")]
    public double Noise { get; init; } = 5e-6;

    [Option("seed", Description = "Random seed of the noise.")]
    public int Seed { get; init; } = 1;

    [Option("duration", Unit = "s", Description = "Length of the signal; 0 runs until the pipeline stops.")]
    public double Duration { get; init; }

    [Option("pace", Description = "realtime: emit as the samples would be recorded; max: as fast as consumed.")]
    public SyntheticPace Pace { get; init; } = SyntheticPace.Realtime;

    public IEnumerable<string> Validate()
    {
        if (Channels < 1 || Channels > 4096) yield return $"channels must be 1..4096, not {Channels}";
        if (Rate <= 0 || Rate > 1e6) yield return $"rate must be above 0 and at most 1 MHz, not {Rate} Hz";
        if (Chunk < 1) yield return $"chunk must be at least 1 sample, not {Chunk}";
        if (Frequencies.Length == 0) yield return "frequencies needs at least one value";
        foreach (var f in Frequencies.Where(f => f < 0 || f >= Rate / 2))
            yield return $"frequency {f} Hz is not below the Nyquist frequency ({Rate / 2} Hz)";
        if (Duration < 0) yield return "duration cannot be negative";
        if (Pace == SyntheticPace.Max && Duration == 0) yield return "pace: max needs a duration, or it would flood the pipeline forever";
    }

    public StreamDescription Description() =>
        StreamDescription.Unlabelled(Name, "EEG", Channels, Rate, ChannelFormat.Float32) with { SourceId = $"bci-synthetic-{Seed}" };

    public IObservable<SampleChunk> Open(StageContext context) => Observable.Create<SampleChunk>(observer =>
    {
        var description = Description();
        var generator = new SineNoiseGenerator(Channels, Rate, Frequencies, Amplitude, Noise, Seed);
        var totalSamples = Duration > 0 ? (long)Math.Round(Duration * Rate) : long.MaxValue;
        var startTime = context.Clock.Now;
        var scheduler = context.Scheduler;

        // Emits the next chunk; returns false when the signal is over or the run is stopping.
        bool EmitNext()
        {
            if (context.Stopping.IsCancellationRequested || generator.SamplesProduced >= totalSamples)
            {
                observer.OnCompleted();
                return false;
            }
            var count = (int)Math.Min(Chunk, totalSamples - generator.SamplesProduced);
            var first = generator.SamplesProduced;
            var values = new double[count * Channels];
            var timestamps = new double[count];
            generator.Next(values, count);
            for (var i = 0; i < count; i++) timestamps[i] = startTime + (first + i) / Rate;
            observer.OnNext(SampleChunk.Wrap(description, values, timestamps));
            return true;
        }

        if (Pace == SyntheticPace.Max)
        {
            return scheduler.Schedule(self =>
            {
                if (EmitNext()) self();
            });
        }

        var origin = scheduler.Now;
        var chunkIndex = 0L;
        void Tick(Action<DateTimeOffset> self)
        {
            if (!EmitNext()) return;
            chunkIndex++;
            // Due times are absolute (start + k chunks), so the pacing does not drift with scheduling delays.
            self(origin + TimeSpan.FromSeconds((chunkIndex + 1) * Chunk / Rate));
        }
        return scheduler.Schedule(origin + TimeSpan.FromSeconds(Chunk / Rate), Tick);
    });
}
