using Bci.Core.Stages;
using Bci.Dsp.Filters;

namespace Bci.Dsp.Stages;

/// <summary>Causal Butterworth high-pass (e.g. drift removal below 0.5-1 Hz).</summary>
[Stage("dsp.highpass", Description = "Causal Butterworth high-pass filter (second-order sections; chunk-invariant).")]
public sealed class HighpassStage() : SingleCutoffFilterStage(defaultCutoff: 1)
{
    private protected override string Band => "high-pass";

    private protected override SecondOrderSections Design(int order, double cutoff, double rate) => ButterworthDesign.Highpass(order, cutoff, rate);
}
