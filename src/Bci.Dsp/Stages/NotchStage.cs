using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Filters;
using Bci.Dsp.Streaming;

namespace Bci.Dsp.Stages;

/// <summary>Mains notch (iirnotch) at 50 or 60 Hz and, optionally, its harmonics below Nyquist.</summary>
[Stage("dsp.notch", Description = "IIR notch at the mains frequency (50/60 Hz) and optionally its harmonics.")]
public sealed class NotchStage : IStage<SampleChunk, SampleChunk>, IValidatingStage
{
    [Option("frequency", Unit = "Hz", Description = "Mains frequency (50 Hz in Europe, 60 Hz in the Americas).")]
    public double Frequency { get; init; } = 50;

    [Option("q", Description = "Quality factor: notch frequency / -3 dB bandwidth.")]
    public double Q { get; init; } = 30;

    [Option("harmonics", Description = "How many notches: 1 = the fundamental only, 3 = 50, 100, 150 Hz (those below Nyquist).")]
    public int Harmonics { get; init; } = 1;

    public IEnumerable<string> Validate()
    {
        if (!(Frequency > 0)) yield return $"frequency must be above 0 Hz, not {Frequency} Hz";
        if (!(Q > 0)) yield return $"q must be positive, not {Q}";
        if (Harmonics < 1 || Harmonics > 40) yield return $"harmonics must be 1..40, not {Harmonics}";
    }

    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, StageContext context) =>
        FilterStages.Filter(input, context, $"notch {Frequency:0.###} Hz x{Harmonics} (Q {Q:0.#})",
            rate => NotchDesign.Harmonics(Frequency, Q, rate, Harmonics));
}
