using System.Globalization;

namespace Bci.Lsl.Benchmarks;

/// <summary>
/// CPU time on Linux from /proc schedstat (nanoseconds on a CPU): the whole process (sum over its threads) and the
/// calling thread, so a benchmark can leave out its own busy pacing thread. NaN elsewhere or when /proc is unreadable.
/// </summary>
internal static class ThreadCpu
{
    public static double ProcessSeconds()
    {
        try
        {
            var total = 0.0;
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try { total += Read(Path.Combine(task, "schedstat")); }
                catch (IOException) { } // the thread ended meanwhile
            }
            return total;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    public static double CurrentThreadSeconds()
    {
        try { return Read("/proc/thread-self/schedstat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return double.NaN; }
    }

    private static double Read(string path)
    {
        var text = File.ReadAllText(path);
        var end = text.IndexOf(' ');
        return long.Parse(end < 0 ? text : text[..end], NumberStyles.Integer, CultureInfo.InvariantCulture) * 1e-9;
    }
}
