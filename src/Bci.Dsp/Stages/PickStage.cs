using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Streaming;

namespace Bci.Dsp.Stages;

/// <summary>
/// Keeps a subset of channels: by label (in the order given), by type, minus excluded labels. A label that is not
/// in the stream is an error naming the stream and its channels, not a silently shorter selection.
/// </summary>
[Stage("dsp.pick", Description = "Keep channels by label and/or type (e.g. drop EOG); unknown labels are errors.")]
public sealed class PickStage : IStage<SampleChunk, SampleChunk>, IValidatingStage
{
    [Option("channels", Description = "Labels to keep, in this order (empty: all, subject to types/exclude).")]
    public string[] Channels { get; init; } = [];

    [Option("types", Description = "Channel types to keep (e.g. [EEG]); empty: all types.")]
    public string[] Types { get; init; } = [];

    [Option("exclude", Description = "Labels to drop.")]
    public string[] Exclude { get; init; } = [];

    public IEnumerable<string> Validate()
    {
        if (Channels.Length == 0 && Types.Length == 0 && Exclude.Length == 0)
            yield return "dsp.pick needs channels, types or exclude";
        var duplicate = Channels.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) yield return $"channel '{duplicate.Key}' is listed twice";
    }

    /// <summary>The indices of the kept channels in <paramref name="stream"/>.</summary>
    public int[] Resolve(StreamDescription stream)
    {
        IEnumerable<int> picked;
        if (Channels.Length > 0)
        {
            var missing = Channels.Where(l => stream.IndexOf(l) < 0).ToList();
            if (missing.Count > 0)
                throw new InvalidDataException($"stream '{stream.Name}' has no channel {string.Join(", ", missing.Select(m => $"'{m}'"))} " +
                                               $"(channels: {string.Join(", ", stream.Channels.Select(c => c.Label))})");
            picked = Channels.Select(stream.IndexOf);
        }
        else
        {
            picked = Enumerable.Range(0, stream.ChannelCount);
        }
        if (Types.Length > 0)
            picked = picked.Where(i => Types.Contains(stream.Channels[i].Type, StringComparer.OrdinalIgnoreCase));
        foreach (var label in Exclude.Where(l => stream.IndexOf(l) < 0))
            throw new InvalidDataException($"stream '{stream.Name}' has no channel '{label}' to exclude");
        picked = picked.Where(i => !Exclude.Contains(stream.Channels[i].Label, StringComparer.OrdinalIgnoreCase));
        var result = picked.ToArray();
        if (result.Length == 0)
            throw new InvalidDataException($"dsp.pick leaves no channel of stream '{stream.Name}' " +
                                           $"(types present: {string.Join(", ", stream.Channels.Select(c => c.Type).Distinct())})");
        return result;
    }

    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, StageContext context) => Observable.Defer(() =>
    {
        var guard = new StreamGuard(context);
        int[] indices = [];
        StreamDescription? output = null;
        return input.Select(chunk =>
        {
            if (guard.Check(chunk))
            {
                indices = Resolve(chunk.Stream);
                output = chunk.Stream.WithChannels(indices.Select(i => chunk.Stream.Channels[i]));
                context.Info($"pick from '{chunk.Stream.Name}': {indices.Length} of {chunk.ChannelCount} channels");
            }
            var c = chunk.ChannelCount;
            var k = indices.Length;
            var values = new double[chunk.SampleCount * k];
            var source = chunk.Values;
            for (var s = 0; s < chunk.SampleCount; s++)
                for (var j = 0; j < k; j++)
                    values[s * k + j] = source[s * c + indices[j]];
            return SampleChunk.Wrap(output!, values, chunk.Timestamps.ToArray(), timesCorrected: chunk.TimesCorrected);
        });
    });
}
