using System.Text.Json;

namespace Bci.Cli.Tests;

/// <summary>
/// `bci bench latency` on a short run: the measurement is produced for every decoder, one value per expected
/// window, and every figure is a positive finite time. Nothing here depends on how fast the machine is.
/// </summary>
public sealed class BenchLatencyCommandTests
{
    [Fact]
    public void BenchLatency_ShortRun_MeasuresEveryWindowOfEveryDecoder()
    {
        var result = BciProcess.Run(TimeSpan.FromSeconds(180), "bench", "latency", "--duration", "2", "--warmup", "1", "--window", "0.5", "--step", "0.1",
            "--channels", "16", "--decoder", "none,csp-lda,transformer");
        Assert.True(result.ExitCode == 0, result.All);
        var line = result.Output.Split('\n').Last(l => l.StartsWith('{'));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal(16, root.GetProperty("channels").GetInt32());
        Assert.Equal(1000, root.GetProperty("rate").GetDouble());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["none", "csp-lda", "transformer"], results.Select(r => r.GetProperty("decoder").GetString()));
        Assert.Contains("| csp-lda |", result.Output);

        foreach (var r in results)
        {
            var name = r.GetProperty("decoder").GetString();
            // Windows end every 100 samples; those ending after the 1 s warm-up and within the 2 s measured: 20.
            Assert.Equal(20, r.GetProperty("expected").GetInt32());
            Assert.Equal(20, r.GetProperty("cut").GetInt32());
            Assert.Equal(0, r.GetProperty("unmatched").GetInt64());
            Assert.Empty(r.GetProperty("errors").EnumerateArray());
            var decoded = r.GetProperty("decoded").GetInt32();
            var received = r.GetProperty("received").GetInt32();
            // The decoder may drop windows under load (latest wins), but every decoded output reaches the consumer.
            Assert.Equal(decoded, received);
            Assert.InRange(received, 1, 20);
            if (name == "none") Assert.Equal(20, received);

            var e2e = r.GetProperty("end_to_end");
            Assert.Equal(received, e2e.GetProperty("count").GetInt32());
            var (p50, p99, max) = (e2e.GetProperty("p50_ms").GetDouble(), e2e.GetProperty("p99_ms").GetDouble(), e2e.GetProperty("max_ms").GetDouble());
            Assert.True(double.IsFinite(p50) && double.IsFinite(max), $"{name}: latencies must be finite ({p50}, {max})");
            Assert.True(p50 > 0 && p50 <= p99 && p99 <= max, $"{name}: expected 0 < p50 <= p99 <= max, got {p50}, {p99}, {max}");
            // The parts are measured on the same windows and cannot exceed the whole.
            foreach (var part in new[] { "push_to_cut", "cut_to_decoded", "decoded_to_received" })
            {
                var p = r.GetProperty(part);
                Assert.True(p.GetProperty("count").GetInt32() >= received, $"{name}: {part} has fewer values than windows received");
                Assert.True(p.GetProperty("p50_ms").GetDouble() >= 0, $"{name}: {part} is negative");
            }
            Assert.True(r.GetProperty("push_to_cut").GetProperty("p50_ms").GetDouble() <= max, $"{name}: a part is longer than the whole");
            Assert.True(r.GetProperty("cpu_seconds").GetDouble() > 0);
        }
    }

    [Fact]
    public void BenchLatency_WithThePublisherInItsOwnProcess_MeasuresEveryWindow_AndLeavesNoProcessBehind()
    {
        var result = BciProcess.Run(TimeSpan.FromSeconds(120), "bench", "latency", "--duration", "2", "--warmup", "1", "--window", "0.5", "--step", "0.1",
            "--channels", "8", "--decoder", "none", "--publisher", "process");
        Assert.True(result.ExitCode == 0, result.All);
        using var json = JsonDocument.Parse(result.Output.Split('\n').Last(l => l.StartsWith('{')));
        Assert.Equal("process", json.RootElement.GetProperty("publisher").GetString());
        var r = json.RootElement.GetProperty("results")[0];
        Assert.Equal(20, r.GetProperty("expected").GetInt32());
        Assert.Equal(20, r.GetProperty("received").GetInt32());
        var e2e = r.GetProperty("end_to_end");
        Assert.True(e2e.GetProperty("p50_ms").GetDouble() > 0 && double.IsFinite(e2e.GetProperty("max_ms").GetDouble()));
        Assert.DoesNotContain(System.Diagnostics.Process.GetProcesses(), p => IsPublisher(p));
    }

    private static bool IsPublisher(System.Diagnostics.Process process)
    {
        try
        {
            return File.Exists($"/proc/{process.Id}/cmdline") && File.ReadAllText($"/proc/{process.Id}/cmdline").Contains("bench\0publish", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // the process ended while we looked
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [Fact]
    public void BenchLatency_BadOptions_AreNamedAndExitTwo()
    {
        var result = BciProcess.Run(TimeSpan.FromSeconds(60), "bench", "latency", "--decoder", "lstm", "--step", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--decoder: 'lstm' is not none, csp-lda or transformer", result.Error);
        Assert.Contains("--step must be positive", result.Error);
    }
}
