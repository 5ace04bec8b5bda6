using Bci.Decoding.Model;
using Bci.Decoding.Stages;

namespace Bci.Decoding.Tests;

public sealed class DecodeStageOptionsTests
{
    [Fact]
    public void Customise_TurnsSecondsIntoSamplesAtTheDataRate()
    {
        var stage = new DecodeStage { PowerWindow = 0.5, TokenStep = 0.25, Dropout = 0.4 };
        var preset = EncoderConfig.Preset(ModelSize.Small, channels: 21, samples: 280, rate: 80, classes: 2);

        var config = stage.Customise(preset);

        Assert.Equal(40, config.PowerWindow);
        Assert.Equal(20, config.TokenPool);
        Assert.Equal(0.4, config.Dropout);
        Assert.Equal(13, config.Tokens); // 0.5-4 s epochs at 80 Hz: (280 - 40) / 20 + 1
        Assert.Equal(preset with { PowerWindow = 40, TokenPool = 20, Dropout = 0.4 }, config);
    }

    [Fact]
    public void Customise_WithoutFrontEndOptions_KeepsThePreset()
    {
        var preset = EncoderConfig.Preset(ModelSize.Tiny, channels: 8, samples: 128, rate: 128, classes: 2);

        Assert.Equal(preset, new DecodeStage().Customise(preset));
    }

    [Fact]
    public void Validate_NamesBadFrontEndOptions()
    {
        var problems = new DecodeStage { Model = "m", PowerWindow = -1, TokenStep = -0.1, Dropout = 1, WeightDecay = -1, SpatialInit = "pca" }.Validate().ToList();

        Assert.Contains(problems, p => p.StartsWith("power-window", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("token-step", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("dropout", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("weight-decay", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("spatial-init: 'pca'", StringComparison.Ordinal));
        Assert.Empty(new DecodeStage { Model = "m", SpatialInit = "CSP" }.Validate());
        Assert.Contains(new DecodeStage { Model = "m", FreezeSpatial = true }.Validate(), p => p.StartsWith("freeze-spatial: fixed spatial filters need spatial-init: csp", StringComparison.Ordinal));
        Assert.Empty(new DecodeStage { Model = "m", SpatialInit = "csp", FreezeSpatial = true }.Validate());
    }
}
