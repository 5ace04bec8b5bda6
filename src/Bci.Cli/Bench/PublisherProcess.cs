using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Bci.Cli.Bench;

/// <summary>
/// The simulated amplifier of the latency benchmark in a process of its own (`bci bench publish`), as a vendor app
/// would be: it generates its signal, opens its outlet and says "ready" once the pipeline's inlet is connected;
/// it then pushes from the origin it is sent (one line on its standard input), writes the LSL clock of every push
/// to a file and says "done &lt;CPU seconds&gt;". Both processes read the same clock (CLOCK_MONOTONIC).
/// </summary>
public sealed class PublisherProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _pushTimes;
    private readonly StringBuilder _errors = new();

    private PublisherProcess(Process process, string pushTimes)
    {
        _process = process;
        _pushTimes = pushTimes;
    }

    /// <summary>What the process wrote to its standard error so far.</summary>
    public string Errors
    {
        get { lock (_errors) return _errors.ToString().Trim(); }
    }

    public static PublisherProcess Start(IEnumerable<string> arguments, string pushTimes)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Run as `dotnet bci.dll` (tests, the launcher) or as the bci apphost.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var argument in new[] { "bench", "publish", "--out", pushTimes }.Concat(arguments)) start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host} for the publisher process");
        var publisher = new PublisherProcess(process, pushTimes);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (publisher._errors) publisher._errors.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        return publisher;
    }

    /// <summary>Waits for "ready" (signal generated, outlet open, the pipeline's inlet connected).</summary>
    public bool WaitReady(TimeSpan timeout)
    {
        var line = _process.StandardOutput.ReadLineAsync();
        return line.Wait(timeout) && line.Result == "ready";
    }

    /// <summary>Sends the origin, waits until every sample is pushed, copies the push times into the trace; returns the process's CPU seconds.</summary>
    public double Publish(LatencyTrace trace, TimeSpan timeout)
    {
        _process.StandardInput.WriteLine(trace.Origin.ToString("R", CultureInfo.InvariantCulture));
        _process.StandardInput.Flush();
        var line = _process.StandardOutput.ReadLineAsync();
        if (!line.Wait(timeout) || line.Result is not { } done || !done.StartsWith("done ", StringComparison.Ordinal))
            throw new InvalidOperationException($"the publisher process did not finish{(Errors.Length > 0 ? ": " + Errors : "")}");
        var bytes = File.ReadAllBytes(_pushTimes);
        if (bytes.Length != trace.PushTimes.Length * sizeof(double))
            throw new InvalidDataException($"{_pushTimes}: {bytes.Length} bytes, expected {trace.PushTimes.Length} push times");
        Buffer.BlockCopy(bytes, 0, trace.PushTimes, 0, bytes.Length);
        return double.Parse(done[5..], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close(); // a publisher still waiting for its origin reads end-of-file and exits
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5))) _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
        }
        _process.Dispose();
    }
}
