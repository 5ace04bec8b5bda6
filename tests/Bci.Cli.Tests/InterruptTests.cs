using System.Diagnostics;
using Bci.TestSupport;

namespace Bci.Cli.Tests;

public sealed class InterruptTests
{
    [Fact]
    public async Task CtrlC_StopsTheRun_AndSinksFlushTheirSummaryBeforeExit()
    {
        if (!OperatingSystem.IsLinux()) return; // sends SIGINT with kill(1)
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestData.RepositoryRoot };
        start.ArgumentList.Add(BciProcess.ProgramPath);
        foreach (var argument in new[] { "run", "pipelines/hello.yaml" }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();

        await Task.Delay(TimeSpan.FromSeconds(2)); // let the pipeline start and run a little
        using (var kill = Process.Start("kill", ["-s", "INT", process.Id.ToString()])) await kill!.WaitForExitAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var printed = await output + await error;
        Assert.Contains("samples x 8 ch", printed);   // the stats sink flushed its summary
        Assert.Contains("(stopped)", printed);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void Demo_RunsForABoundedTime_AndReportsWhatItProcessed()
    {
        var result = BciProcess.Run(TimeSpan.FromSeconds(60), "demo", "--duration", "2");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"synthetic-eeg: \d+ samples x 16 ch", result.Output);
    }
}
