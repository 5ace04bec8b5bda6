using System.Runtime.InteropServices;

namespace Bci.Lsl.Benchmarks;

/// <summary>
/// CPU time (user + system) from getrusage on Linux: of the whole process, threads that have ended included, and of
/// the calling thread, so a benchmark can leave out its own busy pacing thread. Both come from the same kernel
/// accounting. NaN on other systems.
/// </summary>
internal static partial class ThreadCpu
{
    private const int RusageSelf = 0;
    private const int RusageThread = 1;

    public static double ProcessSeconds() => Read(RusageSelf);

    public static double CurrentThreadSeconds() => Read(RusageThread);

    private static unsafe double Read(int who)
    {
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8) return double.NaN;
        // struct rusage on 64-bit Linux: ru_utime and ru_stime (timeval: seconds, microseconds), then 14 longs.
        var usage = stackalloc long[18];
        try
        {
            if (getrusage(who, usage) != 0) return double.NaN;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return double.NaN;
        }
        return usage[0] + usage[1] * 1e-6 + usage[2] + usage[3] * 1e-6;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static unsafe partial int getrusage(int who, long* usage);
}
