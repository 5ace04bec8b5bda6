using Bci.Core.Stages;
using Bci.Dsp.Filters;

namespace Bci.Dsp.Stages;

/// <summary>Causal Butterworth low-pass.</summary>
[Stage("dsp.lowpass", Description = "Causal Butterworth low-pass filter (second-order sections; chunk-invariant).")]
public sealed class LowpassStage() : SingleCutoffFilterStage(defaultCutoff: 40)
{
    private protected override string Band => "low-pass";

    private protected override SecondOrderSections Design(int order, double cutoff, double rate) => ButterworthDesign.Lowpass(order, cutoff, rate);
}
