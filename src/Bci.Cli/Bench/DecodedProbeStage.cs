using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Cli.Bench;

/// <summary>Pass-through that notes on the <see cref="LatencyTrace"/> when each decoded output left the decoder.</summary>
[Stage("bench.probe-decoded", Description = "Latency benchmark: notes when each decoded output passes (pass-through).")]
public sealed class DecodedProbeStage : IStage<DecodedOutput, DecodedOutput>
{
    /// <summary>Set by the benchmark after the pipeline is loaded; null passes outputs without noting them.</summary>
    public LatencyTrace? Trace { get; set; }

    public IObservable<DecodedOutput> Apply(IObservable<DecodedOutput> input, StageContext context)
    {
        var trace = Trace;
        return trace is null ? input : input.Do(o => trace.MarkDecoded(o.Timestamp));
    }
}
