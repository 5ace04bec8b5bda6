using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Cli.Bench;

/// <summary>
/// Pass-through that notes on the <see cref="LatencyTrace"/> when each window was cut. Only the latency benchmark
/// registers it (it is not a built-in), and it runs inline, so it adds one clock read per window.
/// </summary>
[Stage("bench.probe-window", Description = "Latency benchmark: notes when each window passes (pass-through).")]
public sealed class WindowProbeStage : IStage<SignalWindow, SignalWindow>
{
    /// <summary>Set by the benchmark after the pipeline is loaded; null passes windows without noting them.</summary>
    public LatencyTrace? Trace { get; set; }

    public IObservable<SignalWindow> Apply(IObservable<SignalWindow> input, StageContext context)
    {
        var trace = Trace;
        return trace is null ? input : input.Do(w => trace.MarkCut(w.EndTime));
    }
}
