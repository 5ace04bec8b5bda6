using System.Diagnostics;
using Bci.TestSupport;

namespace Bci.Cli.Tests;

public sealed class InterruptTests
{
    [Fact]
    public async Task CtrlC_StopsTheRun_AndSinksFlushTheirSummaryBeforeExit()
    {
        if (!OperatingSystem.IsLinux()) return; // sends SIGINT with kill(1)
        // A process started from a background job inherits SIGINT as ignored, and an ignored signal stays ignored
        // across exec (the Unix rule for background jobs, which the runtime respects). env(1) resets it to the
        // default first, so the test sees what a user pressing Ctrl+C in a terminal sees.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestData.RepositoryRoot };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(BciProcess.ProgramPath);
        foreach (var argument in new[] { "run", "pipelines/hello.yaml" }) start.ArgumentList.Add(argument);
        var printed = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => { lock (printed) printed.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { lock (printed) printed.AppendLine(line.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // On a busy machine start-up can take seconds: interrupt only once the sink says data arrives.
        using (var startup = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            while (!Said(printed, "receiving")) await Task.Delay(100, startup.Token);
        await Task.Delay(TimeSpan.FromSeconds(0.5)); // let more samples flow
        using (var kill = Process.Start("kill", ["-s", "INT", process.Id.ToString()])) await kill!.WaitForExitAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var all = printed.ToString();
        Assert.Contains("samples x 8 ch", all);   // the stats sink flushed its summary
        Assert.Contains("(stopped)", all);
        Assert.Equal(0, process.ExitCode);
    }

    private static bool Said(System.Text.StringBuilder printed, string text)
    {
        lock (printed) return printed.ToString().Contains(text, StringComparison.Ordinal);
    }
}
