using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Bci.Cli.Views;

/// <summary>
/// Drops one known, harmless line from the process's standard error while a live view owns the terminal: libtorch's
/// CPU build prints "Could not initialize NNPACK! Reason: Unsupported hardware." on each single-window inference on
/// CPUs NNPACK does not support (convolutions then take libtorch's own path), which tears a redrawn view and buries
/// plain progress lines. Everything else written to fd 2, by .NET or native code, passes through unchanged, in order.
/// Linux only (elsewhere, and if the pipe cannot be made, nothing is filtered).
/// </summary>
public sealed partial class NativeWarningFilter : IDisposable
{
    private const int StandardError = 2;
    private readonly int _saved;
    private readonly Thread _pump;
    private readonly string[] _drop;
    private bool _disposed;

    private NativeWarningFilter(int saved, int readEnd, string[] drop)
    {
        _saved = saved;
        _drop = drop;
        _pump = new Thread(() => Pump(readEnd)) { IsBackground = true, Name = "bci: stderr filter" };
        _pump.Start();
    }

    /// <summary>Filters lines containing any of <paramref name="drop"/> until disposed.</summary>
    public static unsafe IDisposable Install(params string[] drop)
    {
        if (!OperatingSystem.IsLinux()) return new Nothing();
        try
        {
            var fds = stackalloc int[2];
            if (Pipe(fds) != 0) return new Nothing();
            var saved = Dup(StandardError);
            if (saved < 0 || Dup2(fds[1], StandardError) < 0)
            {
                Close(fds[0]);
                Close(fds[1]);
                if (saved >= 0) Close(saved);
                return new Nothing();
            }
            Close(fds[1]); // fd 2 is now the pipe's only writer: restoring it ends the pump
            return new NativeWarningFilter(saved, fds[0], drop);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return new Nothing();
        }
    }

    private void Pump(int readEnd)
    {
        try
        {
            using var input = new StreamReader(new FileStream(new SafeFileHandle(readEnd, ownsHandle: true), FileAccess.Read, 1), Encoding.UTF8);
            using var output = new StreamWriter(new FileStream(new SafeFileHandle(_saved, ownsHandle: false), FileAccess.Write, 1), new UTF8Encoding(false)) { AutoFlush = true };
            while (input.ReadLine() is { } line)
                if (!_drop.Any(d => line.Contains(d, StringComparison.Ordinal))) output.WriteLine(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            // the terminal went away: nothing left to forward to
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Console.Error.Flush();
        Dup2(_saved, StandardError);
        _pump.Join(TimeSpan.FromSeconds(2));
        Close(_saved);
    }

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "pipe")]
    private static unsafe partial int Pipe(int* fds);

    [LibraryImport("libc", EntryPoint = "dup")]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int from, int to);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
