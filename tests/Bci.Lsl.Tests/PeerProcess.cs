using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bci.Lsl.Tests;

/// <summary>A second OS process running <see cref="PeerProgram"/> from this very test assembly.</summary>
public sealed class PeerProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private PeerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _errors.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Uid { get; private set; } = "";

    public string ErrorText => string.Join("\n", _errors);

    public static PeerProcess StartOutlet(params string[] arguments)
    {
        var assembly = typeof(PeerProgram).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("outlet");
        foreach (var a in arguments) start.ArgumentList.Add(a);
        var peer = new PeerProcess(Process.Start(start)!);
        var ready = peer.WaitForLine("READY", TimeSpan.FromSeconds(60)); // a loaded machine starts processes slowly
        peer.Uid = ready.Split(' ')[1];
        return peer;
    }

    public string WaitForLine(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.TryTake(out var line, TimeSpan.FromMilliseconds(100)) && line.StartsWith(prefix, StringComparison.Ordinal)) return line;
            if (_process.HasExited && _lines.Count == 0)
                throw new InvalidOperationException($"peer process exited ({_process.ExitCode}) before printing {prefix}: {ErrorText}");
        }
        throw new TimeoutException($"peer process did not print {prefix} within {timeout.TotalSeconds} s: {ErrorText}");
    }

    /// <summary>Ends the process abruptly (no goodbye on the wire), as a crash or a kill would.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(3000)) Kill();
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
