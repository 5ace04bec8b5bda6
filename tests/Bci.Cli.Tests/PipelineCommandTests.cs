using Bci.TestSupport;

namespace Bci.Cli.Tests;

public sealed class PipelineCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Validate_OnAValidPipeline_SaysOkAndExitsZero()
    {
        var result = BciProcess.Run(Timeout, "validate", "pipelines/hello.yaml");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("hello.yaml: ok", result.Output);
    }

    [Fact]
    public void Validate_OnTheBrokenExample_PrintsEveryProblemWithLineAndColumn_AndFails()
    {
        var result = BciProcess.Run(Timeout, "validate", "tests/Bci.Pipelines.Tests/pipelines/broken.yaml");
        Assert.Equal(1, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("tests/Bci.Pipelines.Tests/pipelines/broken.yaml:8:17: error: option 'channels'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("broken.yaml:13:11: error: unknown stage 'dsp.bandpas'"));
        Assert.Contains("5 problems", result.Error);
    }

    [Fact]
    public void Stages_ListsBuiltInsWithOptionsUnitsAndDefaults()
    {
        var result = BciProcess.Run(Timeout, "stages");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("synthetic", result.Output);
        Assert.Contains("number (Hz)", result.Output);
        Assert.Contains("250 Hz", result.Output);
        Assert.Contains("stats", result.Output);
    }

    [Fact]
    public void Stages_WithThePluginOption_ListsThePluginStage()
    {
        var configuration = BciProcess.ProgramPath.Contains("/Release/") ? "Release" : "Debug";
        var plugin = Path.Combine(TestData.RepositoryRoot, "examples", "PowerRatioDecoder", "bin", configuration, "net10.0", "PowerRatioDecoder.dll");
        var result = BciProcess.Run(Timeout, "stages", "example.power-ratio", "--plugin", plugin);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("plug-in PowerRatioDecoder.dll", result.Output);
        Assert.Contains("smoothing", result.Output);
    }

    [Fact]
    public void Run_Hello_ForABoundedDuration_PrintsWhatItProcessedAndExitsZero()
    {
        var result = BciProcess.Run(Timeout, "run", "pipelines/hello.yaml", "--duration", "1");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"synthetic: \d+ samples x 8 ch", result.Output);
        Assert.Contains("finished after", result.Output);
    }

    [Fact]
    public void Run_OnABrokenPipeline_PrintsProblemsAndExitsTwo()
    {
        var result = BciProcess.Run(Timeout, "run", "tests/Bci.Pipelines.Tests/pipelines/broken.yaml");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown stage 'dsp.bandpas'", result.Error);
    }

    [Fact]
    public void Version_PrintsTheProductVersion()
    {
        var result = BciProcess.Run(Timeout, "--version");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("0.1.0", result.Output.Trim());
    }
}
