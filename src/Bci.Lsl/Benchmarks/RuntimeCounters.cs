using System.Runtime;

namespace Bci.Lsl.Benchmarks;

/// <summary>Process-wide runtime counters read at two moments; the difference is what happened in between.</summary>
internal readonly record struct RuntimeCounters(int Gen0, int Gen1, int Gen2, double PauseMs, long AllocatedBytes, long JitCompilations, double JitMs)
{
    public static RuntimeCounters Read() => new(
        // every collection counts in gen 0's count, a gen-1 or gen-2 one also in gen 1's: split them by the generation collected
        GC.CollectionCount(0) - GC.CollectionCount(1), GC.CollectionCount(1) - GC.CollectionCount(2), GC.CollectionCount(2), GC.GetTotalPauseDuration().TotalMilliseconds,
        GC.GetTotalAllocatedBytes(precise: true), JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime().TotalMilliseconds);

    public static RuntimeCounters operator -(RuntimeCounters a, RuntimeCounters b) => new(
        a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.PauseMs - b.PauseMs, a.AllocatedBytes - b.AllocatedBytes,
        a.JitCompilations - b.JitCompilations, a.JitMs - b.JitMs);
}
