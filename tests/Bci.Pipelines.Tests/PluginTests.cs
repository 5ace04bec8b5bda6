using Bci.Core.Streams;

namespace Bci.Pipelines.Tests;

public sealed class PluginTests
{
    /// <summary>The example plug-in as built next to this test run (same configuration), loaded from its DLL.</summary>
    private static string ExamplePluginPath
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var path = Path.Combine(Bci.TestSupport.TestData.RepositoryRoot, "examples", "PowerRatioDecoder", "bin", configuration, "net10.0", "PowerRatioDecoder.dll");
            Assert.True(File.Exists(path), $"the example plug-in was not built: {path}");
            return path;
        }
    }

    private static string PipelineWithPlugin(string plugin, string left = "ch1") => $$"""
        plugins: ["{{plugin}}"]
        sources:
          - id: signal
            uses: synthetic
            with: { channels: 2, rate: 250 Hz, chunk: 25, frequencies: [10 Hz], amplitude: 30 uV, noise: 1 uV }
        stages:
          - id: decoder
            uses: example.power-ratio
            with: { left: {{left}}, right: ch2, smoothing: 200 ms }
        sinks:
          - uses: test.collect-decoded
        """;

    [Fact]
    public void ExamplePlugin_LoadsFromItsDll_AndDecodesInsideAPipeline()
    {
        var outputs = new List<DecodedOutput>();
        CollectDecodedSink.Target.Value = outputs;
        var pipeline = PipelineTestKit.Load(PipelineWithPlugin(ExamplePluginPath));

        var stage = pipeline["decoder"];
        Assert.StartsWith("plug-in PowerRatioDecoder.dll", stage.Stage.Origin);
        var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(stage.Instance.GetType().Assembly);
        Assert.Equal("plugin:PowerRatioDecoder.dll", context!.Name);

        var result = PipelineTestKit.RunVirtual(pipeline, TimeSpan.FromSeconds(2), out _);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(result.Health["signal"]["items"], outputs.Count);
        Assert.All(outputs, o => Assert.Equal(1.0, o.Probabilities.Sum(), 12));
        Assert.All(outputs, o => Assert.Equal(["left", "right"], o.Classes.ToArray()));
    }

    [Fact]
    public void PluginThatThrows_IsReportedWithItsStageId()
    {
        CollectDecodedSink.Target.Value = [];
        var pipeline = PipelineTestKit.Load(PipelineWithPlugin(ExamplePluginPath, left: "C3"));
        var result = PipelineTestKit.RunVirtual(pipeline, TimeSpan.FromSeconds(1), out _);
        var error = Assert.Single(result.Errors);
        Assert.Equal("decoder", error.StageId);
        Assert.Contains("stage 'decoder' (example.power-ratio)", error.Message);
        Assert.Contains("stream 'synthetic' has no channel 'C3'", error.Message);
    }

    [Fact]
    public void MissingPluginDll_IsAClearErrorAtItsLine()
    {
        var error = Assert.Throws<Bci.Pipelines.Files.PipelineValidationException>(() => PipelineTestKit.Load(PipelineWithPlugin("no/such/Plugin.dll")));
        var problem = error.Problems.First();
        Assert.Equal(1, problem.Location.Line);
        Assert.Contains("plug-in 'no/such/Plugin.dll' not found", problem.Message);
    }

    [Fact]
    public void AssemblyWithoutStages_IsNotAPlugin()
    {
        var notAPlugin = typeof(Bci.TestSupport.TestData).Assembly.Location;
        var error = Assert.Throws<Bci.Pipelines.Files.PipelineValidationException>(() => PipelineTestKit.Load(PipelineWithPlugin(notAPlugin)));
        Assert.Contains(error.Problems, p => p.Message.Contains("has no stage: mark a class with [Stage"));
    }

    [Fact]
    public void FileThatIsNotAnAssembly_IsRejected()
    {
        var fake = Path.Combine(Path.GetTempPath(), $"not-an-assembly-{Guid.NewGuid():N}.dll");
        File.WriteAllText(fake, "this is text, not a PE file");
        try
        {
            var error = Assert.Throws<Bci.Pipelines.Files.PipelineValidationException>(() => PipelineTestKit.Load(PipelineWithPlugin(fake)));
            Assert.Contains(error.Problems, p => p.Message.Contains("is not a .NET assembly"));
        }
        finally
        {
            File.Delete(fake);
        }
    }
}
