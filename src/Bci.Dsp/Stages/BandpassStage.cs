using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Filters;
using Bci.Dsp.Streaming;

namespace Bci.Dsp.Stages;

/// <summary>Causal Butterworth band-pass (second-order sections, state carried across chunks).</summary>
[Stage("dsp.bandpass", Description = "Causal Butterworth band-pass filter (second-order sections; chunk-invariant).")]
public sealed class BandpassStage : IStage<SampleChunk, SampleChunk>, IValidatingStage
{
    [Option("low", Unit = "Hz", Required = true, Description = "Lower edge (-3 dB).")]
    public double Low { get; init; } = 8;

    [Option("high", Unit = "Hz", Required = true, Description = "Upper edge (-3 dB).")]
    public double High { get; init; } = 30;

    [Option("order", Description = "Butterworth order N (a band-pass of order N has 2N poles, N sections).")]
    public int Order { get; init; } = 4;

    public IEnumerable<string> Validate()
    {
        if (!(Low > 0)) yield return $"low must be above 0 Hz, not {Low} Hz";
        if (!(High > Low)) yield return $"high ({High} Hz) must be above low ({Low} Hz)";
        if (Order < 1 || Order > 32) yield return $"order must be 1..32, not {Order}";
    }

    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, StageContext context) =>
        FilterStages.Filter(input, context, $"band-pass {Low:0.###}-{High:0.###} Hz order {Order}",
            rate => ButterworthDesign.Bandpass(Order, Low, High, rate));
}
