using System.Globalization;
using System.Reactive;
using System.Reactive.Linq;
using System.Text;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Pipelines.BuiltIns;

/// <summary>
/// Per-channel running mean and RMS, sample and chunk counts, and lag (arrival time minus the last sample's
/// timestamp), printed when the stream ends and, optionally, every few seconds while it runs.
/// </summary>
[Stage("stats", Description = "Per-channel running mean/RMS, sample counts and lag; prints a summary (never drops).")]
public sealed class StatsSink : ISink<SampleChunk>
{
    [Option("every", Unit = "s", Description = "Also print a one-line summary this often; 0 prints only at the end.")]
    public double Every { get; init; }

    [Option("channels", Description = "How many channels the final table lists (the rest are summarised).")]
    public int ShownChannels { get; init; } = 16;

    public IObservable<Unit> Consume(IObservable<SampleChunk> input, StageContext context) => Observable.Create<Unit>(observer =>
    {
        ChannelStatistics[]? channels = null;
        StreamDescription? stream = null;
        var lag = new LatencyReservoir();
        long chunks = 0, samples = 0;
        var samplesCounter = context.Health.Counter("samples");
        var lagCounter = context.Health.Counter("lag-us", "us");
        var lastReport = double.NegativeInfinity;

        return input.Subscribe(chunk =>
        {
            if (stream is null)
            {
                stream = chunk.Stream;
                channels = Enumerable.Range(0, stream.ChannelCount).Select(_ => new ChannelStatistics()).ToArray();
                context.Info($"receiving {stream}");
            }
            else if (chunk.ChannelCount != channels!.Length)
            {
                throw new InvalidDataException(
                    $"stream '{chunk.Stream.Name}' changed from {channels.Length} to {chunk.ChannelCount} channels at t={chunk.FirstTimestamp:0.000} s");
            }
            var now = context.Clock.Now;
            var values = chunk.Values;
            var c = chunk.ChannelCount;
            for (var s = 0; s < chunk.SampleCount; s++)
                for (var ch = 0; ch < c; ch++)
                    channels![ch].Add(values[s * c + ch]);
            chunks++;
            samples += chunk.SampleCount;
            samplesCounter.Add(chunk.SampleCount);
            if (chunk.SampleCount > 0)
            {
                lag.Add(now - chunk.LastTimestamp);
                lagCounter.Set((long)((now - chunk.LastTimestamp) * 1e6));
            }
            if (Every > 0 && now - lastReport >= Every)
            {
                lastReport = now;
                context.Info($"{samples} samples in {chunks} chunks; lag p50 {Ms(lag.Percentile(50))}");
            }
        },
        observer.OnError,
        () =>
        {
            context.Info(Summary(stream, channels, chunks, samples, lag));
            observer.OnCompleted();
        });
    });

    private string Summary(StreamDescription? stream, ChannelStatistics[]? channels, long chunks, long samples, LatencyReservoir lag)
    {
        if (stream is null || channels is null) return "no samples received";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{stream.Name}: {samples} samples x {stream.ChannelCount} ch in {chunks} chunks ({samples / Math.Max(stream.NominalRate, 1e-9):0.00} s at {stream.NominalRate:0.###} Hz); ");
        text.Append(CultureInfo.InvariantCulture, $"lag p50 {Ms(lag.Percentile(50))}, p99 {Ms(lag.Percentile(99))}, max {Ms(lag.Max)}");
        text.AppendLine();
        text.AppendLine("  channel        mean (uV)     rms (uV)     min (uV)     max (uV)   non-finite");
        for (var i = 0; i < Math.Min(channels.Length, ShownChannels); i++)
        {
            var s = channels[i];
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"  {stream.Channels[i].Label,-10} {s.Mean * 1e6,12:0.000} {s.Rms * 1e6,12:0.000} {s.Min * 1e6,12:0.000} {s.Max * 1e6,12:0.000} {s.NonFinite,12}"));
        }
        if (channels.Length > ShownChannels)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  ... {channels.Length - ShownChannels} more channels; overall rms {Math.Sqrt(channels.Average(s => s.Rms * s.Rms)) * 1e6:0.000} uV");
        return text.ToString().TrimEnd();
    }

    private static string Ms(double seconds) => double.IsNaN(seconds) ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e3:0.00} ms");
}
