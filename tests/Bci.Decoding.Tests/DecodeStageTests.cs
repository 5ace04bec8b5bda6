using System.Reactive.Linq;
using System.Reactive.Subjects;
using Bci.Core.Logging;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Decoding.Baseline;
using Bci.Decoding.Checkpoints;
using Bci.Decoding.Stages;
using Bci.Decoding.Training;
using Bci.Pipelines;
using Bci.Pipelines.Registry;
using Bci.Pipelines.Running;

namespace Bci.Decoding.Tests;

/// <summary>The decode and csp-lda stages, alone and inside pipelines, on checkpoints trained here on the synthetic set.</summary>
public sealed class DecodeStageTests : IClassFixture<DecodeStageTests.Models>
{
    private readonly Models _models;

    public DecodeStageTests(Models models) => _models = models;

    /// <summary>A tiny transformer and a CSP+LDA model, trained once for the class.</summary>
    public sealed class Models : IDisposable
    {
        public Models()
        {
            var data = SyntheticEpochs.Make(perClassPerGroup: 12, groups: 3);
            var (decoder, result) = ContrastiveTrainer.Train(data, TrainerTests.Quick(epochs: 12) with { ValidationGroups = ["run3"] });
            TrainingAccuracy = result.History[result.BestEpoch - 1].ValidationAccuracy;
            using (decoder) TransformerCheckpoint.Save(Transformer, decoder, CheckpointTests.Manifest(decoder, data, "mi-test"));
            // the same, reading 0.5 s crops and averaging over them (as pipelines/motor-imagery.yaml does)
            var (cropped, _) = ContrastiveTrainer.Train(data, TrainerTests.Quick(epochs: 12) with { ValidationGroups = ["run3"], Crop = 0.5, CropStep = 0.125, CropsPerTrial = 2 });
            using (cropped) TransformerCheckpoint.Save(CroppedTransformer, cropped, CheckpointTests.Manifest(cropped, data, "mi-cropped") with { CropStep = cropped.CropStep });
            CspLdaModel.Train(data, pairs: 1).Save(CspLda, new ModelManifest
            {
                Kind = ModelManifest.CspLdaKind, Name = "mi-csp", Channels = data.Channels, Rate = data.Rate, Samples = data.Samples, Classes = data.Classes,
            });
        }

        public double TrainingAccuracy { get; }

        public string Folder { get; } = Path.Combine(Path.GetTempPath(), "bci-decoding-tests", Guid.NewGuid().ToString("N"));
        public string Transformer => Path.Combine(Folder, "transformer");
        public string CroppedTransformer => Path.Combine(Folder, "transformer-cropped");
        public string CspLda => Path.Combine(Folder, "csp-lda");

        public void Dispose()
        {
            if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        }
    }

    private static StageRegistry Registry()
    {
        var registry = StageRegistry.ForBuiltIns();
        Assert.Empty(registry.Register(typeof(DecodeStageTests).Assembly, "test"));
        return registry;
    }

    private static (List<DecodedOutput> Outputs, RunResult Result, MemoryLog Log) RunPipeline(string yaml)
    {
        var pipeline = PipelineLoader.LoadText(yaml, "test.yaml", AppContext.BaseDirectory, Registry());
        var outputs = new List<DecodedOutput>();
        KeepDecodedSink.Target.Value = outputs;
        var log = new MemoryLog();
        var result = PipelineRunner.RunAsync(pipeline, new RunOptions { Log = log }).GetAwaiter().GetResult();
        return (outputs, result, log);
    }

    [Theory]
    [InlineData("decode", "mi-test")]
    [InlineData("decode", "mi-cropped")]
    [InlineData("csp-lda", "mi-csp")]
    public void DecoderInAPipeline_EmitsOneResultPerWindow_AndDecodesThem(string stage, string name)
    {
        var model = name switch { "mi-test" => _models.Transformer, "mi-cropped" => _models.CroppedTransformer, _ => _models.CspLda };
        var (outputs, result, log) = RunPipeline($$"""
            name: decode-test
            sources:
              - id: windows
                uses: test.mi-windows
                with: { count: 40 }
            stages:
              - id: decoder
                uses: {{stage}}
                with: { model: "{{model}}", queue: 64 }
            sinks:
              - id: keep
                uses: test.keep-decoded
            """);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(40, outputs.Count);
        Assert.Equal(0, result.Health["decoder"]["dropped"]);
        Assert.Equal(40, result.Health["decoder"]["decoded"]);
        Assert.All(outputs, o => Assert.Equal(name, o.Decoder));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i * 2.0 + 1.0), outputs.Select(o => o.Timestamp));
        var correct = outputs.Count(o => o.PredictedClass == o.Event!.Value);
        Assert.True(correct >= 34, $"{correct}/40 correct (held-out accuracy in training {_models.TrainingAccuracy:0.00})");
        Assert.All(outputs, o => Assert.Equal(o.Probabilities[1] - o.Probabilities[0], o.Control!.Value, 9));
        if (stage == "decode") Assert.All(outputs, o => Assert.Equal(16, o.Embedding.Length));
        Assert.Contains(log.Lines, l => l.Message.Contains("decoded 40 windows; compute latency p50"));
    }

    [Fact]
    public void Decode_OnAStreamWithoutTheModelsChannels_StopsTheRunWithAClearError()
    {
        var (_, result, _) = RunPipeline($$"""
            name: decode-mismatch
            sources:
              - id: windows
                uses: test.mi-windows
                with: { count: 3, channels: 3 }
            stages:
              - id: decoder
                uses: decode
                with: { model: "{{_models.Transformer}}" }
            sinks:
              - id: keep
                uses: test.keep-decoded
            """);

        var error = Assert.Single(result.Errors);
        Assert.Contains("stage 'decoder' (decode)", error.Message);
        Assert.Contains("missing: ch4", error.Message);
    }

    [Fact]
    public void Decode_OnAnotherRate_IsRejected()
    {
        var (_, result, _) = RunPipeline($$"""
            name: decode-rate
            sources:
              - id: windows
                uses: test.mi-windows
                with: { count: 2, rate: 256 }
            stages:
              - id: decoder
                uses: decode
                with: { model: "{{_models.Transformer}}" }
            sinks:
              - id: keep
                uses: test.keep-decoded
            """);

        Assert.Contains("256 Hz", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Decode_WhenFallingBehind_DropsTheOldestAndCountsIt()
    {
        var stage = new DecodeStage { Model = _models.Transformer, Queue = 1, Device = "cpu" };
        var context = new StageContext("decoder", log: new MemoryLog());
        var windows = new Subject<SignalWindow>();
        var outputs = new List<DecodedOutput>();
        var done = new ManualResetEventSlim();
        using var subscription = stage.Apply(windows, context).Subscribe(o => { lock (outputs) outputs.Add(o); }, _ => done.Set(), done.Set);
        var random = new Random(3);
        var stream = SyntheticEpochs.Stream();

        for (var i = 0; i < 300; i++) windows.OnNext(SyntheticEpochs.ToWindow(SyntheticEpochs.Window(random, i % 2, 4, 128, 128), stream, 128, i));
        windows.OnCompleted();

        Assert.True(done.Wait(TimeSpan.FromSeconds(30)));
        var dropped = context.Health["dropped"];
        Assert.True(dropped > 0, "a burst of 300 windows into a queue of one should drop some");
        Assert.Equal(300, outputs.Count + dropped);
        Assert.Equal(299 + 1.0, outputs[^1].Timestamp); // the newest window always survives
    }

    [Fact]
    public void Options_AreCheckedWhenThePipelineLoads()
    {
        var error = Assert.Throws<Bci.Pipelines.Files.PipelineValidationException>(() => PipelineLoader.LoadText("""
            name: bad
            sources:
              - id: windows
                uses: test.mi-windows
            stages:
              - id: decoder
                uses: decode
                with: { model: m, device: tpu, queue: 0 }
            sinks:
              - id: keep
                uses: test.keep-decoded
            """, "bad.yaml", AppContext.BaseDirectory, Registry()));

        Assert.Contains(error.Problems, p => p.Message.Contains("'tpu' is not auto, cpu or cuda"));
        Assert.Contains(error.Problems, p => p.Message.Contains("queue: must be >= 1"));
    }
}
