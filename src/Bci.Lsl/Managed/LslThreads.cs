using System.Collections.Concurrent;

namespace Bci.Lsl.Managed;

/// <summary>
/// Starts every thread of the LSL implementation: background (never keeps the process alive), named, and with a
/// last-resort handler, because an exception escaping a thread body ends the whole process. Body code handles the
/// errors it expects (socket closed on shutdown, peer gone); whatever else arrives here is reported through the
/// owner's log and the thread ends. The live threads are listed so tests can check that disposing stops them.
/// </summary>
internal static class LslThreads
{
    private static readonly ConcurrentDictionary<Thread, string> Live = new();

    /// <summary>Names of the threads that are running right now.</summary>
    public static IReadOnlyList<string> LiveNames => Live.Values.ToList();

    public static Thread Start(string name, Action body, Action<string>? log, ThreadPriority priority = ThreadPriority.Normal)
    {
        Thread? thread = null;
        thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                try { log?.Invoke($"{name}: stopped by an unexpected {e.GetType().Name}: {e.Message}"); }
                catch (Exception) { } // a failing log must not take the process down either
            }
            finally
            {
                Live.TryRemove(thread!, out _);
            }
        })
        { IsBackground = true, Name = name, Priority = priority };
        Live[thread] = name;
        try
        {
            thread.Start();
        }
        catch
        {
            Live.TryRemove(thread, out _);
            throw;
        }
        return thread;
    }

    /// <summary>Waits for <paramref name="threads"/> to end, at most <paramref name="timeout"/> in total; never joins the calling thread.</summary>
    public static bool JoinAll(IEnumerable<Thread?> threads, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var all = true;
        foreach (var thread in threads)
        {
            if (thread is null || thread == Thread.CurrentThread || thread.ThreadState == ThreadState.Unstarted) continue;
            var left = deadline - DateTime.UtcNow;
            all &= thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        return all;
    }
}
