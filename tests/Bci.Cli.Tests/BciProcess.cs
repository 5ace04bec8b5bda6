using System.Diagnostics;
using Bci.TestSupport;

namespace Bci.Cli.Tests;

/// <summary>Runs the real bci program (the built src/Bci.Cli) as a separate process and captures what it prints.</summary>
public static class BciProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    public static string ProgramPath
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var path = Path.Combine(TestData.RepositoryRoot, "src", "Bci.Cli", "bin", configuration, "net10.0", "bci.dll");
            Assert.True(File.Exists(path), $"bci was not built: {path}");
            return path;
        }
    }

    public static Result Run(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestData.RepositoryRoot };
        start.ArgumentList.Add(ProgramPath);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"bci {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
