using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Streaming;

namespace Bci.Dsp.Stages;

/// <summary>
/// Exponential moving standardization per channel (Schirrmeister et al. 2017, braindecode's
/// exponential_moving_standardize without an initial block): mean_t = EWM(x), var_t = EWM((x - mean_t)^2), output
/// (x - mean_t) / max(sqrt(var_t), eps). The moving averages are pandas' adjusted EWM (weights (1-a)^k normalised
/// by their sum), so the first samples are standardised by what has been seen so far rather than by a cold start.
/// Causal and chunk-invariant; the output is unitless (the channel units become "z").
/// </summary>
[Stage("dsp.normalize", Description = "Exponential moving standardization per channel (causal; braindecode's EMS).")]
public sealed class NormalizeStage : IStage<SampleChunk, SampleChunk>, IValidatingStage
{
    [Option("factor", Description = "Weight of the newest sample in the moving mean and variance (braindecode: 0.001).")]
    public double Factor { get; init; } = 0.001;

    [Option("eps", Unit = "V", Description = "Floor of the standard deviation (avoids dividing by ~0 on flat channels).")]
    public double Epsilon { get; init; } = 1e-10;

    public IEnumerable<string> Validate()
    {
        if (!(Factor > 0 && Factor <= 1)) yield return $"factor must be in (0, 1], not {Factor}";
        if (!(Epsilon > 0)) yield return $"eps must be positive, not {Epsilon}";
    }

    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, StageContext context) => Observable.Defer(() =>
    {
        var guard = new StreamGuard(context);
        MovingStandardizer? standardizer = null;
        StreamDescription? output = null;
        return input.Select(chunk =>
        {
            if (guard.Check(chunk))
            {
                standardizer = new MovingStandardizer(chunk.ChannelCount, Factor, Epsilon);
                output = chunk.Stream.WithChannels(chunk.Stream.Channels.Select(c => c with { Unit = "z" }));
            }
            var values = new double[chunk.Values.Length];
            standardizer!.Process(chunk.Values, values);
            return SampleChunk.Wrap(output!, values, chunk.Timestamps.ToArray(), timesCorrected: chunk.TimesCorrected);
        });
    });
}
