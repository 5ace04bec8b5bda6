using Bci.TestSupport;

namespace Bci.Cli.Tests;

/// <summary>
/// `bci eval motor-imagery` on S001 with the baseline only (seconds, no transformer training): which runs are tested
/// and which train, for the task itself and for the execution-run check.
/// </summary>
public sealed class EvalMotorImageryCommandTests
{
    [DataFact("eegmmidb")]
    public void TestRunsExecution_TestsEachExecutionRunOnce_WithTheImageryRunsTraining()
    {
        var data = TestData.Require("eegmmidb");

        var result = BciProcess.Run(TimeSpan.FromSeconds(180), "eval", "motor-imagery", "--data", data, "--decoder", "csp-lda", "--test-runs", "execution");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("leave-one-run-out over execution runs R03/R07/R11 (imagery runs R04/R08/R12 also train)", result.Output);
        foreach (var run in new[] { "R03", "R07", "R11" }) Assert.Contains($"S001 test {run}: 15 trials; csp-lda", result.Output);
        Assert.DoesNotContain("S001 test R04", result.Output);
    }

    [DataFact("eegmmidb")]
    public void TestRuns_DefaultsToTheImageryRuns()
    {
        var result = BciProcess.Run(TimeSpan.FromSeconds(180), "eval", "motor-imagery", "--data", TestData.Require("eegmmidb"), "--decoder", "csp-lda");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("leave-one-run-out over imagery runs R04/R08/R12 (execution runs R03/R07/R11 also train)", result.Output);
        foreach (var run in new[] { "R04", "R08", "R12" }) Assert.Contains($"S001 test {run}: 15 trials; csp-lda", result.Output);
    }

    [Fact]
    public void TestRuns_OtherThanImageryOrExecution_IsRejected()
    {
        var result = BciProcess.Run(TimeSpan.FromSeconds(60), "eval", "motor-imagery", "--data", ".", "--test-runs", "rest");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("rest", result.All);
    }
}
