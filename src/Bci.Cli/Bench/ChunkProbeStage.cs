using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Cli.Bench;

/// <summary>Pass-through right after lsl.inlet that notes on the <see cref="LatencyTrace"/> when each sample left the inlet.</summary>
[Stage("bench.probe-chunk", Description = "Latency benchmark: notes when each sample leaves the LSL inlet (pass-through).")]
public sealed class ChunkProbeStage : IStage<SampleChunk, SampleChunk>
{
    /// <summary>Set by the benchmark after the pipeline is loaded; null passes chunks without noting them.</summary>
    public LatencyTrace? Trace { get; set; }

    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, StageContext context)
    {
        var trace = Trace;
        return trace is null ? input : input.Do(c => trace.MarkArrived(c.FirstTimestamp, c.LastTimestamp));
    }
}
