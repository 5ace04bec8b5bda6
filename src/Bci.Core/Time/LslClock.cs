using System.Diagnostics;

namespace Bci.Core.Time;

/// <summary>
/// The LSL local clock: monotonic seconds. liblsl's lsl_local_clock() reads steady_clock, which on Linux is
/// CLOCK_MONOTONIC; Stopwatch reads the same clock, so our timestamps and a native liblsl peer's agree on one host.
/// </summary>
public sealed class LslClock : IClock
{
    public static LslClock Instance { get; } = new();

    private LslClock() { }

    public double Now => LocalClock();

    public static double LocalClock() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
}
