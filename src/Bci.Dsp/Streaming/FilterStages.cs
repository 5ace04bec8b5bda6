using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Filters;

namespace Bci.Dsp.Streaming;

/// <summary>
/// The shared body of the IIR filter stages: designs the filter once the first chunk tells the rate and channel
/// count, then filters every chunk causally with per-channel state kept for the subscription.
/// </summary>
internal static class FilterStages
{
    public static IObservable<SampleChunk> Filter(IObservable<SampleChunk> input, StageContext context, string what,
        Func<double, SecondOrderSections> design) =>
        Observable.Defer(() =>
        {
            var guard = new StreamGuard(context);
            ChunkFilter? filter = null;
            return input.Select(chunk =>
            {
                if (guard.Check(chunk))
                {
                    var rate = StreamGuard.RequireRate(chunk.Stream, what);
                    SecondOrderSections sos;
                    try
                    {
                        sos = design(rate);
                    }
                    catch (ArgumentException e)
                    {
                        throw new InvalidDataException($"{what} cannot be designed for stream '{chunk.Stream.Name}' at {rate:0.###} Hz: {e.Message.Split(Environment.NewLine)[0]}");
                    }
                    filter = new ChunkFilter(sos, chunk.ChannelCount, context);
                    context.Info($"{what} on '{chunk.Stream.Name}' ({chunk.ChannelCount} ch, {rate:0.###} Hz): {sos}");
                }
                return filter!.Apply(chunk);
            });
        });
}
