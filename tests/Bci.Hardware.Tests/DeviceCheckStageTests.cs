namespace Bci.Hardware.Tests;

public sealed class DeviceCheckStageTests
{
    private static string Pipeline(string rate) => $"""
        name: check
        sources:
          - id: amp
            uses: synthetic
            with: {"{"} name: obci_eeg1, channels: 8, rate: {rate}, chunk: 10 samples {"}"}
        stages:
          - id: check
            uses: device.check
            input: amp
            with: {"{"} profile: hardware/openbci-cyton-8.json {"}"}
        sinks:
          - id: summary
            uses: stats
            input: check
        """;

    [Fact]
    public void AMatchingStream_PassesThrough_AndTheMatchIsLogged()
    {
        var result = HardwareTestKit.RunVirtual(HardwareTestKit.Load(Pipeline("250 Hz")), TimeSpan.FromSeconds(2), out var log);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(result.Health["amp"]["items"], result.Health["check"]["items"]);
        Assert.Contains(log.Lines, l => l.Message.Contains("matches device profile 'openbci-cyton-8'"));
        Assert.Equal(0, result.Health["check"]["gaps"]);
    }

    [Fact]
    public void AWrongRate_StopsTheRun_WithAnErrorNamingStreamProfileAndRates()
    {
        var result = HardwareTestKit.RunVirtual(HardwareTestKit.Load(Pipeline("500 Hz")), TimeSpan.FromSeconds(2), out _);
        var error = Assert.Single(result.Errors);
        Assert.Equal("check", error.StageId);
        Assert.Contains("stream 'obci_eeg1' (8 ch, 500 Hz) does not match device profile 'openbci-cyton-8'", error.Message);
        Assert.Contains("rate is 500 Hz, expected 250 Hz", error.Message);
    }
}
