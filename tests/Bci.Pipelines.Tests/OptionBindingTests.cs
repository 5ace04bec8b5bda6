using Bci.Pipelines.Files;

namespace Bci.Pipelines.Tests;

public sealed class OptionBindingTests
{
    private static OptionsStage Bind(string with)
    {
        var pipeline = PipelineTestKit.Load($$"""
            sources:
              - id: signal
                uses: synthetic
            stages:
              - id: opts
                uses: test.options
                with: {{with}}
            sinks:
              - uses: stats
            """);
        return (OptionsStage)pipeline["opts"].Instance;
    }

    [Fact]
    public void Options_AreBoundWithUnitsListsEnumsAndBooleans()
    {
        var stage = Bind("{ low: 8 Hz, high: 0.03 kHz, length: 500 ms, order: 8, enabled: no, mode: linked-mastoids, channels: [C3, Cz, C4], harmonics: [50 Hz, 100 Hz], label: mi }");
        Assert.Equal(8, stage.Low);
        Assert.Equal(30, stage.High, 9);
        Assert.Equal(0.5, stage.Length, 12);
        Assert.Equal(8, stage.Order);
        Assert.False(stage.Enabled);
        Assert.Equal(OptionsStage.Mode.LinkedMastoids, stage.Reference);
        Assert.Equal(["C3", "Cz", "C4"], stage.Channels);
        Assert.Equal([50.0, 100], stage.Harmonics);
        Assert.Equal("mi", stage.Label);
    }

    [Fact]
    public void Defaults_StayWhenNotGiven()
    {
        var stage = Bind("{ label: x }");
        Assert.Equal(1, stage.Low);
        Assert.Equal(OptionsStage.Mode.CommonAverage, stage.Reference);
    }

    [Theory]
    [InlineData("{ label: x, order: 2.5 }", "order", "not a whole number")]
    [InlineData("{ label: x, enabled: maybe }", "enabled", "not true or false")]
    [InlineData("{ label: x, mode: average }", "mode", "one of: common-average, linked-mastoids")]
    [InlineData("{ label: x, low: 8 uV }", "low", "'uV' is not a unit of Hz")]
    [InlineData("{ label: x, channels: { a: b } }", "channels", "a list was expected")]
    [InlineData("{ label: x, harmonics: [50 Hz, loud] }", "harmonics", "item 2")]
    [InlineData("{ label: [a, b] }", "label", "a single value was expected")]
    public void MistypedOptions_SayWhatWasExpected(string with, string option, string expected)
    {
        var error = Assert.Throws<PipelineValidationException>(() => Bind(with));
        var problem = Assert.Single(error.Problems);
        Assert.Contains($"option '{option}' of 'opts' (test.options) expects", problem.Message);
        Assert.Contains(expected, problem.Message);
        Assert.Equal(7, problem.Location.Line);
        Assert.True(problem.Location.Column > 15, "the location points at the value, not the stage");
    }

    [Fact]
    public void RequiredOption_WhenMissing_IsNamedWithItsType()
    {
        var error = Assert.Throws<PipelineValidationException>(() => Bind("{ low: 2 Hz }"));
        Assert.Contains("needs option 'label' (text)", Assert.Single(error.Problems).Message);
    }

    [Fact]
    public void StageValidation_ReportsInconsistentOptions()
    {
        var error = Assert.Throws<PipelineValidationException>(() => Bind("{ label: x, low: 40 Hz, high: 8 Hz }"));
        Assert.Contains("low (40 Hz) must be below high (8 Hz)", Assert.Single(error.Problems).Message);
    }

    [Fact]
    public void StagesListing_DescribesOptionsWithUnitsAndDefaults()
    {
        Assert.True(PipelineTestKit.Registry().TryGet("synthetic", out var synthetic));
        var rate = synthetic.Options.Single(o => o.Name == "rate");
        Assert.Equal("number (Hz)", rate.TypeText);
        Assert.Equal("250 Hz", rate.DefaultText);
        Assert.Equal("20 uV", synthetic.Options.Single(o => o.Name == "amplitude").DefaultText);
        Assert.Equal("one of: realtime, max", synthetic.Options.Single(o => o.Name == "pace").TypeText);
    }
}
