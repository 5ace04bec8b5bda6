using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Filters;
using Bci.Dsp.Streaming;

namespace Bci.Dsp.Stages;

/// <summary>
/// What the one-cut-off Butterworth stages (`dsp.highpass`, `dsp.lowpass`) share: the cutoff and order options,
/// their checks, and the streaming filter; a stage only names its band, its default cut-off and its design.
/// </summary>
public abstract class SingleCutoffFilterStage : IStage<SampleChunk, SampleChunk>, IValidatingStage
{
    private protected SingleCutoffFilterStage(double defaultCutoff) => Cutoff = defaultCutoff;

    [Option("cutoff", Unit = "Hz", Required = true, Description = "Cut-off (-3 dB).")]
    public double Cutoff { get; init; }

    [Option("order", Description = "Butterworth order.")]
    public int Order { get; init; } = 4;

    /// <summary>The band in words, for the filter's description ("high-pass").</summary>
    private protected abstract string Band { get; }

    private protected abstract SecondOrderSections Design(int order, double cutoff, double rate);

    public IEnumerable<string> Validate()
    {
        if (!(Cutoff > 0)) yield return $"cutoff must be above 0 Hz, not {Cutoff} Hz";
        if (Order < 1 || Order > 32) yield return $"order must be 1..32, not {Order}";
    }

    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, StageContext context) =>
        FilterStages.Filter(input, context, $"{Band} {Cutoff:0.###} Hz order {Order}", rate => Design(Order, Cutoff, rate));
}
