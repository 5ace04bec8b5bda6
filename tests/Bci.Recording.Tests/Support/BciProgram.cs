using System.Diagnostics;
using Bci.TestSupport;

namespace Bci.Recording.Tests.Support;

/// <summary>
/// Starts the built bci program (src/Bci.Cli, the configuration these tests were built in) as its own process,
/// as a person or a LabRecorder-like tool runs it, and captures what it prints.
/// </summary>
internal sealed class BciProgram : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private BciProgram(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public static BciProgram Start(params string[] arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var program = Path.Combine(TestData.RepositoryRoot, "src", "Bci.Cli", "bin", configuration, "net10.0", "bci.dll");
        Assert.True(File.Exists(program), $"bci was not built: {program}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestData.RepositoryRoot };
        start.ArgumentList.Add(program);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        return new BciProgram(Process.Start(start)!);
    }

    public static (int ExitCode, string Output, string Error) Run(TimeSpan timeout, params string[] arguments)
    {
        using var program = Start(arguments);
        return program.WaitForExit(timeout);
    }

    /// <summary>Waits for the program to end; past the timeout it is killed and the test fails with what it printed.</summary>
    public (int ExitCode, string Output, string Error) WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            Assert.Fail($"bci did not finish within {timeout.TotalSeconds} s; it printed: {_output.Result}{_error.Result}");
        }
        return (_process.ExitCode, _output.Result, _error.Result);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
