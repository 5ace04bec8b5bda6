using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Filters;
using Bci.Dsp.Streaming;

namespace Bci.Dsp.Stages;

/// <summary>Causal Butterworth high-pass (e.g. drift removal below 0.5-1 Hz).</summary>
[Stage("dsp.highpass", Description = "Causal Butterworth high-pass filter (second-order sections; chunk-invariant).")]
public sealed class HighpassStage : IStage<SampleChunk, SampleChunk>, IValidatingStage
{
    [Option("cutoff", Unit = "Hz", Required = true, Description = "Cut-off (-3 dB).")]
    public double Cutoff { get; init; } = 1;

    [Option("order", Description = "Butterworth order.")]
    public int Order { get; init; } = 4;

    public IEnumerable<string> Validate()
    {
        if (!(Cutoff > 0)) yield return $"cutoff must be above 0 Hz, not {Cutoff} Hz";
        if (Order < 1 || Order > 32) yield return $"order must be 1..32, not {Order}";
    }

    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, StageContext context) =>
        FilterStages.Filter(input, context, $"high-pass {Cutoff:0.###} Hz order {Order}",
            rate => ButterworthDesign.Highpass(Order, Cutoff, rate));
}
