using Bci.Decoding.Model;
using Bci.Decoding.Stages;
using TorchSharp;
using static TorchSharp.torch;

namespace Bci.Decoding.Tests;

public sealed class FilterBankTests
{
    private static readonly double[] Edges = [8, 12, 16, 20, 24, 30];
    private const double Rate = 80;

    [Theory]
    [InlineData(10.0, 0)]
    [InlineData(14.0, 1)]
    [InlineData(18.0, 2)]
    [InlineData(22.0, 3)]
    [InlineData(27.0, 4)]
    public void Design_ASineInsideOneBand_PassesThatBandAtUnitGain_AndIsStoppedByTheOthers(double frequency, int band)
    {
        var kernels = FilterBank.Design(Edges, taps: 81, Rate);
        var signal = Enumerable.Range(0, 800).Select(n => Math.Sin(2 * Math.PI * frequency * n / Rate)).ToArray();

        var power = kernels.Select(k => SteadyStatePower(signal, k)).ToArray();

        Assert.Equal(0.5, power[band], 1); // a unit sine has power 0.5; the band passes it (unit gain at the centre, ripple < 10%)
        for (var other = 0; other < kernels.Length; other++)
            if (other != band) Assert.True(power[other] < power[band] / 100, $"{frequency} Hz: band {other} has power {power[other]:g3}, band {band} {power[band]:g3}");
    }

    [Fact]
    public void Encoder_WithAFilterBank_HasOneFixedTemporalFilterPerBand_AndStillTrainsTheRest()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var stage = new DecodeStage { PowerWindow = 0.5, TokenStep = 0.25, FilterBankEdges = Edges };
        var config = stage.Customise(EncoderConfig.Preset(ModelSize.Small, channels: 6, samples: 160, rate: Rate, classes: 2));
        using var encoder = new ContrastiveEncoder(config);
        var temporal = encoder.named_parameters().Single(p => p.name == "frontEnd.temporal.weight").parameter;
        var before = temporal.clone();

        Assert.Equal(5, config.TemporalFilters);
        Assert.Equal(4, config.DepthMultiplier); // 5 bands x 4 >= the small model's 8 x 2 spatial filters
        Assert.Equal(new long[] { 5, 1, 1, 81 }, temporal.shape);
        var design = FilterBank.Design(Edges, 81, Rate).SelectMany(k => k).ToArray();
        Assert.All(temporal.data<float>().ToArray().Zip(design), p => Assert.Equal(p.Second, p.First, 5));
        Assert.False(temporal.requires_grad);

        using var optimizer = optim.AdamW(encoder.parameters(), 1e-2);
        var output = encoder.Encode(randn(4, 6, 160));
        Assert.Equal(new long[] { 4, 32 }, output.Embedding.shape);
        nn.functional.cross_entropy(output.Logits!, tensor(new long[] { 0, 1, 0, 1 })).backward();
        var spatial = encoder.named_parameters().Single(p => p.name == "frontEnd.spatial.weight").parameter;
        Assert.True(spatial.grad is not null && spatial.grad.abs().sum().item<float>() > 0, "no gradient reached the spatial filters");
        optimizer.step();
        Assert.True(temporal.equal(before).all().item<bool>(), "an optimiser step changed the fixed filter bank");
    }

    [Fact]
    public void Encoder_WithAFilterBank_DecodesTheSameInTheFusedInferenceOrder()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var config = new DecodeStage { PowerWindow = 0.5, TokenStep = 0.25, FilterBankEdges = Edges }
            .Customise(EncoderConfig.Preset(ModelSize.Tiny, channels: 5, samples: 160, rate: Rate, classes: 2));
        using var encoder = new ContrastiveEncoder(config);
        using (no_grad())
            for (var i = 0; i < 3; i++) encoder.Encode(randn(4, 5, 160));
        encoder.eval();
        var input = randn(3, 5, 160);

        encoder.FusedInference = false;
        var reference = encoder.Encode(input).Logits!;
        encoder.FusedInference = true;
        var fused = encoder.Encode(input).Logits!;

        Assert.True((fused - reference).abs().max().item<float>() <= 1e-4f);
    }

    [Fact]
    public void Problems_NameBadEdges()
    {
        Assert.Contains("increase", FilterBank.Problem([8, 12, 10], Rate));
        Assert.Contains("half the rate", FilterBank.Problem([8, 45], Rate));
        Assert.Contains("at least two", FilterBank.Problem([8], Rate));
        Assert.Null(FilterBank.Problem(Edges, Rate));
        Assert.Contains(new DecodeStage { Model = "m", FilterBankEdges = [8] }.Validate(), p => p.StartsWith("filter-bank", StringComparison.Ordinal));
    }

    /// <summary>Mean square of the filtered signal away from the edges (the kernel fully inside the signal).</summary>
    private static double SteadyStatePower(double[] signal, double[] kernel)
    {
        double sum = 0;
        var count = 0;
        for (var n = kernel.Length; n < signal.Length - kernel.Length; n++)
        {
            double y = 0;
            for (var k = 0; k < kernel.Length; k++) y += kernel[k] * signal[n - k];
            sum += y * y;
            count++;
        }
        return sum / count;
    }
}
