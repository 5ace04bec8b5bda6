using System.Reactive.Linq;
using Bci.Core.Logging;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Dsp.Tests;

/// <summary>Builds test streams and runs single stages synchronously on them (no threads, no clock).</summary>
internal static class StageHarness
{
    public static StageContext Context(out MemoryLog log, string id = "dsp")
    {
        log = new MemoryLog();
        return new StageContext(id, log: log);
    }

    public static StreamDescription Stream(int channels, double rate, string name = "amp") =>
        StreamDescription.Unlabelled(name, "EEG", channels, rate);

    /// <summary>Deterministic multi-channel test signal, sample-major: sines, offset and noise, different per channel.</summary>
    public static double[] Signal(int samples, int channels, double rate, int seed = 1)
    {
        var random = new Random(seed);
        var values = new double[samples * channels];
        for (var s = 0; s < samples; s++)
            for (var c = 0; c < channels; c++)
            {
                var t = s / rate;
                values[s * channels + c] = 1e-6 * (5 * (c + 1) + 10 * Math.Sin(2 * Math.PI * (6 + c % 7) * t)
                    + 4 * Math.Sin(2 * Math.PI * 50 * t + c) + 3 * (random.NextDouble() - 0.5));
            }
        return values;
    }

    /// <summary>Splits a signal into chunks of the given sizes (cycled), timestamps from <paramref name="start"/> at the nominal rate.</summary>
    public static List<SampleChunk> Chunks(StreamDescription stream, double[] values, IReadOnlyList<int> sizes, double start = 100.0)
    {
        var c = stream.ChannelCount;
        var n = values.Length / c;
        var chunks = new List<SampleChunk>();
        var at = 0;
        for (var k = 0; at < n; k++)
        {
            var size = Math.Min(sizes[k % sizes.Count], n - at);
            var times = Enumerable.Range(at, size).Select(i => start + i / stream.NominalRate).ToArray();
            chunks.Add(SampleChunk.Wrap(stream, values.AsSpan(at * c, size * c).ToArray(), times));
            at += size;
        }
        return chunks;
    }

    public static List<int> RandomSizes(int seed, int max = 97)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 500).Select(_ => random.Next(1, max + 1)).ToList();
    }

    public static List<TOut> Run<TIn, TOut>(IStage<TIn, TOut> stage, IEnumerable<TIn> input, StageContext? context = null) =>
        stage.Apply(input.ToObservable(), context ?? Context(out _)).ToList().Wait().ToList();

    public static double[] Concat(IEnumerable<SampleChunk> chunks) => chunks.SelectMany(c => c.Values.ToArray()).ToArray();

    public static double[] Times(IEnumerable<SampleChunk> chunks) => chunks.SelectMany(c => c.Timestamps.ToArray()).ToArray();

    /// <summary>Channel <paramref name="channel"/> of a sample-major signal.</summary>
    public static double[] Column(double[] sampleMajor, int channels, int channel) =>
        Enumerable.Range(0, sampleMajor.Length / channels).Select(s => sampleMajor[s * channels + channel]).ToArray();
}
