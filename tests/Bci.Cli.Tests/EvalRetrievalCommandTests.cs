using System.Globalization;
using System.Text.RegularExpressions;

namespace Bci.Cli.Tests;

/// <summary>`bci eval retrieval` (the issue's name for it) runs the same evaluation as `bci latents eval retrieval`.</summary>
public sealed class EvalRetrievalCommandTests
{
    [Fact]
    public void EvalRetrieval_OnTheSyntheticBenchmark_PrintsTopKBesideTheCeilingAndChance()
    {
        var result = BciProcess.Run(TimeSpan.FromSeconds(120), "eval", "retrieval", "--snr", "-10");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("200-way zero-shot retrieval", result.Output);
        var row = Regex.Match(result.Output, @"^\|\s*-10\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*0\.005\s*\|\s*0\.025\s*\|", RegexOptions.Multiline);
        Assert.True(row.Success, result.Output);
        double Cell(int i) => double.Parse(row.Groups[i].Value, CultureInfo.InvariantCulture);
        Assert.InRange(Cell(1), 0.5, Cell(3));  // far above chance at -10 dB, never above the ceiling
        Assert.InRange(Cell(2), Cell(1), 1.0);  // top-5 includes top-1
    }
}
