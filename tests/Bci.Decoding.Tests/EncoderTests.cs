using Bci.Decoding.Model;
using Bci.Decoding.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Bci.Decoding.Tests;

public sealed class EncoderTests
{
    private static EncoderConfig Tiny(int classes = 2) => EncoderConfig.Preset(ModelSize.Tiny, channels: 8, samples: 128, rate: 128, classes: classes);

    [Fact]
    public void Encode_GivesUnitEmbeddingsAndLogitsOfTheConfiguredSizes()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var encoder = new ContrastiveEncoder(Tiny());
        encoder.eval();

        var output = encoder.Encode(randn(5, 8, 128));

        Assert.Equal(new long[] { 5, 16 }, output.Embedding.shape);
        Assert.Equal(new long[] { 5, 2 }, output.Logits!.shape);
        Assert.Equal(new long[] { 5, 16 }, output.Features.shape);
        var norms = output.Embedding.norm(1).data<float>().ToArray();
        Assert.All(norms, n => Assert.Equal(1f, n, 5));
    }

    [Theory]
    [InlineData(8, 128, 128.0, 0)]
    [InlineData(64, 500, 1000.0, 0)]
    [InlineData(16, 256, 128.0, 32)]
    [InlineData(21, 280, 80.0, 40)] // log band-power tokens (0.5 s every 0.25 s)
    public void Encode_InEvalMode_SpatialFirstFrontEndGivesTheLayerOrderResult(int channels, int samples, double rate, int powerWindow)
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var config = EncoderConfig.Preset(ModelSize.Tiny, channels, samples, rate, classes: 2);
        if (powerWindow > 0) config = config with { PowerWindow = powerWindow, TokenPool = powerWindow / 2 };
        using var encoder = new ContrastiveEncoder(config);
        // A few training-mode passes give the batch norms running statistics other than 0 and 1.
        encoder.train();
        using (no_grad())
            for (var i = 0; i < 3; i++) encoder.Encode(randn(4, channels, samples) * 2 + 0.5);
        encoder.eval();
        var input = randn(3, channels, samples);

        encoder.FusedInference = false;
        var reference = encoder.Encode(input);
        encoder.FusedInference = true;
        var fused = encoder.Encode(input);

        var features = (fused.Features - reference.Features).abs().max().item<float>();
        var logits = (fused.Logits! - reference.Logits!).abs().max().item<float>();
        var scale = reference.Features.abs().max().item<float>();
        Assert.True(features <= 1e-4f * Math.Max(1f, scale), $"features differ by {features} (scale {scale})");
        Assert.True(logits <= 1e-4f, $"logits differ by {logits}");
    }

    [Fact]
    public void Encode_WithoutClassesHasNoHead_AndOneWindowIsABatchOfOne()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ContrastiveEncoder(Tiny(classes: 0));
        encoder.eval();

        var output = encoder.Encode(randn(8, 128));

        Assert.Null(output.Logits);
        Assert.False(encoder.HasClassifier);
        Assert.Equal(new long[] { 1, 16 }, output.Embedding.shape);
    }

    [Fact]
    public void Encode_RejectsAWindowOfAnotherShape_NamingBothShapes()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ContrastiveEncoder(Tiny());

        var error = Assert.Throws<ArgumentException>(() => encoder.Encode(randn(2, 7, 128)));

        Assert.Contains("8 channels, 128 samples", error.Message);
        Assert.Contains("[2, 7, 128]", error.Message);
    }

    [Fact]
    public void ParameterCount_IsReportedAndGrowsWithTheSize()
    {
        var counts = new[] { ModelSize.Tiny, ModelSize.Small, ModelSize.Base }.Select(size =>
        {
            using var encoder = new ContrastiveEncoder(EncoderConfig.Preset(size, 8, 128, 128, 2));
            return encoder.ParameterCount;
        }).ToList();

        Assert.True(counts[0] > 1000, $"tiny has {counts[0]} parameters");
        Assert.True(counts[0] < counts[1] && counts[1] < counts[2], string.Join(" < ", counts));
    }

    [Fact]
    public void Config_ProblemsNameTheField()
    {
        var bad = Tiny() with { ModelDim = 10, Heads = 3, TokenPool = 0 };

        var problems = bad.Problems().ToList();

        Assert.Contains(problems, p => p.Contains("model-dim (10)") && p.Contains("heads (3)"));
        Assert.Contains(problems, p => p.StartsWith("token-pool"));
        Assert.Throws<ArgumentException>(() => new ContrastiveEncoder(bad));
    }

    [Fact]
    public void Backward_ReachesEveryParameterOfEncoderAndObjective()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var encoder = new ContrastiveEncoder(Tiny());
        using var objective = new ContrastiveObjective(new ObjectiveWeights(), 2, 16, 1);
        encoder.train();
        var x = randn(6, 8, 128);
        var labels = tensor(new long[] { 0, 1, 0, 1, 0, 1 });

        var views = new[] { encoder.Encode(x), encoder.Encode(x + 0.1 * randn(6, 8, 128)) };
        var (loss, terms) = objective.Compute(views, labels);
        loss.backward();

        Assert.True(terms.InfoNce > 0 && terms.SupervisedContrastive > 0 && terms.CrossEntropy > 0, terms.ToString());
        foreach (var (name, parameter) in encoder.named_parameters().Concat(objective.named_parameters()))
        {
            Assert.True(parameter.grad is not null, $"{name} has no gradient");
            Assert.True(parameter.grad!.abs().sum().item<float>() > 0, $"{name} has an all-zero gradient");
        }
    }

    [Fact]
    public void Device_ResolvesCpuAndAuto_AndRefusesCudaWithoutCuda()
    {
        Assert.Equal(DeviceType.CPU, ComputeDevice.Resolve("cpu").type);
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, ComputeDevice.Resolve("auto").type);
        if (!cuda.is_available())
            Assert.Contains("TorchSharp-cuda-linux", Assert.Throws<InvalidOperationException>(() => ComputeDevice.Resolve("cuda")).Message);
        Assert.Throws<ArgumentException>(() => ComputeDevice.Resolve("tpu"));
    }
}
