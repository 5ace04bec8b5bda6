using Bci.Decoding.Evaluation;
using Bci.Decoding.Training;

namespace Bci.Decoding.Tests;

public sealed class TrainingReportTests
{
    [Fact]
    public void Report_IsAPngWithCurvesAndConfusion()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bci-report-{Guid.NewGuid():N}.png");
        var history = Enumerable.Range(1, 10)
            .Select(e => new EpochProgress(e, 10, 1e-3, 2.0 / e, 0.5 + e * 0.04, 2.2 / e, 0.5 + e * 0.03, 0.07, true, TimeSpan.FromSeconds(e)))
            .ToList();
        var metrics = ClassificationMetrics.From([0, 0, 1, 1], [0, 1, 1, 1], 2);
        try
        {
            TrainingReport.Save(path, "test", history, metrics, ["left", "right"]);

            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4));
            Assert.True(bytes.Length > 10_000, $"{bytes.Length} bytes");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
