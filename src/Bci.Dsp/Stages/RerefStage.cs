using System.Numerics;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Streaming;

namespace Bci.Dsp.Stages;

/// <summary>
/// Re-referencing: subtracts, sample by sample, a reference signal (common average, one channel, or linked
/// mastoids) from the channels of the chosen types. Channels of other types (EOG, EMG, triggers) pass unchanged
/// and never enter the average. The reference channel itself stays in the stream (as MNE does; drop it with
/// dsp.pick). A sample with NaN in the reference makes every referenced channel NaN there (never silently
/// averaged over fewer channels).
/// </summary>
[Stage("dsp.reref", Description = "Re-reference: common average, one channel, or linked mastoids (channels of the given types only).")]
public sealed class RerefStage : IStage<SampleChunk, SampleChunk>, IValidatingStage
{
    [Option("reference", Description = "average | channel | linked-mastoids.")]
    public ReferenceMode Reference { get; init; } = ReferenceMode.Average;

    [Option("channel", Description = "Reference channel label for reference: channel (e.g. Cz).")]
    public string Channel { get; init; } = "";

    [Option("mastoids", Description = "The two mastoid/ear channels for reference: linked-mastoids; the first pair present of these is used.")]
    public string[] Mastoids { get; init; } = ["M1", "M2", "A1", "A2", "TP9", "TP10"];

    [Option("types", Description = "Channel types that are referenced (and averaged); others pass unchanged.")]
    public string[] Types { get; init; } = ["EEG"];

    public IEnumerable<string> Validate()
    {
        if (Reference == ReferenceMode.Channel && string.IsNullOrWhiteSpace(Channel)) yield return "reference: channel needs 'channel: <label>'";
        if (Reference == ReferenceMode.LinkedMastoids && Mastoids.Length < 2) yield return "linked-mastoids needs at least two labels in 'mastoids'";
        if (Types.Length == 0) yield return "types needs at least one channel type";
    }

    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, StageContext context) => Observable.Defer(() =>
    {
        var guard = new StreamGuard(context);
        int[] referenced = [];
        int[] sources = [];
        return input.Select(chunk =>
        {
            if (guard.Check(chunk))
            {
                (referenced, sources) = Resolve(chunk.Stream);
                context.Info($"re-reference '{chunk.Stream.Name}': {referenced.Length} channels to " +
                             $"{(Reference == ReferenceMode.Average ? "their average" : string.Join(" + ", sources.Select(i => chunk.Stream.Channels[i].Label)))}");
            }
            return Rereference(chunk, referenced, sources);
        });
    });

    /// <summary>Indices of the channels to reference and of the channels whose mean is the reference.</summary>
    public (int[] Referenced, int[] Sources) Resolve(StreamDescription stream)
    {
        var referenced = Enumerable.Range(0, stream.ChannelCount)
            .Where(i => Types.Contains(stream.Channels[i].Type, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (referenced.Length == 0)
            throw new InvalidDataException($"stream '{stream.Name}' has no channel of type {string.Join("/", Types)} to re-reference " +
                                           $"(types present: {string.Join(", ", stream.Channels.Select(c => c.Type).Distinct())})");
        int[] sources;
        switch (Reference)
        {
            case ReferenceMode.Average:
                sources = referenced;
                break;
            case ReferenceMode.Channel:
            {
                var index = stream.IndexOf(Channel);
                if (index < 0)
                    throw new InvalidDataException($"reference channel '{Channel}' is not in stream '{stream.Name}' (channels: {Labels(stream)})");
                sources = [index];
                break;
            }
            case ReferenceMode.LinkedMastoids:
            {
                var found = Mastoids.Select(stream.IndexOf).Where(i => i >= 0).ToArray();
                if (found.Length < 2)
                    throw new InvalidDataException($"linked mastoids: stream '{stream.Name}' has {found.Length} of the mastoid channels {string.Join(", ", Mastoids)} (channels: {Labels(stream)})");
                sources = found.Take(2).ToArray();
                break;
            }
            default:
                throw new InvalidOperationException($"unknown reference {Reference}");
        }
        return (referenced, sources);
    }

    private static SampleChunk Rereference(SampleChunk chunk, int[] referenced, int[] sources)
    {
        var c = chunk.ChannelCount;
        var input = chunk.Values;
        var output = GC.AllocateUninitializedArray<double>(input.Length);
        var scale = 1.0 / sources.Length;
        var everyChannel = referenced.Length == c;
        for (var s = 0; s < chunk.SampleCount; s++)
        {
            var row = input.Slice(s * c, c);
            var outRow = output.AsSpan(s * c, c);
            var reference = 0.0;
            if (everyChannel && sources.Length == c)
                reference = Sum(row);   // common average over all channels: the usual case, vectorised
            else
                foreach (var i in sources) reference += row[i];
            reference *= scale;
            if (everyChannel)
            {
                Subtract(row, reference, outRow);
            }
            else
            {
                row.CopyTo(outRow);
                foreach (var i in referenced) outRow[i] -= reference;
            }
        }
        return SampleChunk.Wrap(chunk.Stream, output, chunk.Timestamps.ToArray(), timesCorrected: chunk.TimesCorrected);
    }

    private static double Sum(ReadOnlySpan<double> row)
    {
        var i = 0;
        var total = 0.0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            for (; i <= row.Length - Vector<double>.Count; i += Vector<double>.Count) acc += new Vector<double>(row.Slice(i));
            total = Vector.Sum(acc);
        }
        for (; i < row.Length; i++) total += row[i];
        return total;
    }

    private static void Subtract(ReadOnlySpan<double> row, double value, Span<double> output)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var v = new Vector<double>(value);
            for (; i <= row.Length - Vector<double>.Count; i += Vector<double>.Count) (new Vector<double>(row.Slice(i)) - v).CopyTo(output.Slice(i));
        }
        for (; i < row.Length; i++) output[i] = row[i] - value;
    }

    private static string Labels(StreamDescription stream) =>
        string.Join(", ", stream.Channels.Take(12).Select(c => c.Label)) + (stream.ChannelCount > 12 ? $", ... ({stream.ChannelCount} in all)" : "");
}
