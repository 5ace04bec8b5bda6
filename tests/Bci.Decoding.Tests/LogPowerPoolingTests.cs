using Bci.Decoding.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Bci.Decoding.Tests;

public sealed class LogPowerPoolingTests
{
    [Fact]
    public void Forward_IsTheLogOfTheMeanSquareOverEachWindow()
    {
        using var scope = NewDisposeScope();
        var values = new float[2 * 10];
        var random = new Random(5);
        for (var i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 4 - 2);
        using var pooling = new LogPowerPooling(window: 4, stride: 3);

        var output = pooling.forward(tensor(values, [1, 2, 1, 10])); // 2 filters, 10 samples

        Assert.Equal(new long[] { 1, 2, 1, 3 }, output.shape); // windows start at 0, 3, 6
        var got = output.data<float>().ToArray();
        for (var f = 0; f < 2; f++)
            for (var n = 0; n < 3; n++)
            {
                var sum = 0.0;
                for (var t = n * 3; t < n * 3 + 4; t++) sum += values[f * 10 + t] * (double)values[f * 10 + t];
                Assert.Equal(Math.Log(sum / 4), got[f * 3 + n], 4);
            }
    }

    [Fact]
    public void Forward_OfASilentSignalIsTheFloorNotMinusInfinity()
    {
        using var scope = NewDisposeScope();
        using var pooling = new LogPowerPooling(window: 4, stride: 4);

        var output = pooling.forward(zeros(1, 1, 1, 8));

        Assert.All(output.data<float>().ToArray(), v => Assert.Equal(Math.Log(LogPowerPooling.Floor), v, 3));
    }

    [Theory]
    [InlineData(280, 40, 20, 13)]
    [InlineData(280, 280, 20, 1)]
    [InlineData(10, 4, 3, 3)]
    [InlineData(3, 4, 1, 0)]
    public void Tokens_CountsTheWindowsThatFit(int samples, int window, int stride, int expected) =>
        Assert.Equal(expected, LogPowerPooling.Tokens(samples, window, stride));

    [Fact]
    public void Encoder_WithPowerTokens_HasOneTokenPerWindow_AndGradientsReachTheSpatialFilters()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var config = EncoderConfig.Preset(ModelSize.Tiny, channels: 8, samples: 128, rate: 128, classes: 2) with { PowerWindow = 32, TokenPool = 16 };
        using var encoder = new ContrastiveEncoder(config);

        var output = encoder.Encode(randn(4, 8, 128));
        nn.functional.cross_entropy(output.Logits!, tensor(new long[] { 0, 1, 0, 1 })).backward();

        Assert.Equal(7, config.Tokens); // (128 - 32) / 16 + 1
        Assert.Equal(new long[] { 4, 16 }, output.Embedding.shape);
        var spatial = encoder.named_parameters().Single(p => p.name.EndsWith("spatial.weight", StringComparison.Ordinal)).parameter;
        Assert.True(spatial.grad is not null && spatial.grad.abs().sum().item<float>() > 0, "no gradient reached the spatial filters");
    }

    [Fact]
    public void Config_RejectsAPowerWindowLongerThanTheWindow()
    {
        var config = EncoderConfig.Preset(ModelSize.Tiny, channels: 8, samples: 128, rate: 128, classes: 2) with { PowerWindow = 200 };

        Assert.Contains(config.Problems(), p => p.StartsWith("power-window", StringComparison.Ordinal) && p.Contains("(is 200)"));
    }
}
