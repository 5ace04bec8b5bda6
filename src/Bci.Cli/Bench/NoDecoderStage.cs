using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Cli.Bench;

/// <summary>
/// The "no decoder" reference of the latency benchmark: turns each window into a decoded output with uniform
/// probabilities, inline and without computing anything, so the rest of the path (LSL in and out, filtering,
/// windowing) is measured on its own.
/// </summary>
[Stage("bench.no-decoder", Description = "Latency benchmark: each window -> uniform probabilities, no computation.")]
public sealed class NoDecoderStage : IStage<SignalWindow, DecodedOutput>
{
    private static readonly string[] Classes = ["T1", "T2"];
    private static readonly double[] Uniform = [0.5, 0.5];

    public IObservable<DecodedOutput> Apply(IObservable<SignalWindow> input, StageContext context) =>
        input.Select(w => new DecodedOutput("none", w.EndTime, Classes, Uniform) { Control = 0 });
}
