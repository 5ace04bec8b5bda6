using Bci.Core.Streams;
using Bci.Decoding.Checkpoints;
using Bci.Decoding.Model;
using Bci.Decoding.Objectives;
using Bci.Decoding.Training;
using Bci.Pipelines;
using Bci.Pipelines.Registry;
using Bci.Pipelines.Running;
using Bci.TestSupport;
using static TorchSharp.torch;

namespace Bci.Decoding.Tests;

/// <summary>The decode stage behind the signal stages, on a real EEGMMIDB recording read from its file.</summary>
public sealed class RecordedFileTests : IDisposable
{
    private const string Run = "eegmmidb/S001R04.edf";
    private readonly string _model = Path.Combine(Path.GetTempPath(), "bci-decoding-tests", Guid.NewGuid().ToString("N"));

    [DataFact(Run)]
    public void Decode_OnARecordedRun_EmitsOneResultPerEpoch()
    {
        // An untrained tiny model fits the contract test: what matters is one output per epoch, in order, checked channels.
        var config = EncoderConfig.Preset(ModelSize.Tiny, channels: 3, samples: 320, rate: 160, classes: 2);
        manual_seed(1);
        using (var decoder = new TransformerDecoder(new ContrastiveEncoder(config), new ContrastiveObjective(new ObjectiveWeights(), 2, config.EmbeddingDim, 1), 1e5f, ["T1", "T2"], CPU))
            TransformerCheckpoint.Save(_model, decoder, new ModelManifest
            {
                Kind = ModelManifest.TransformerKind, Name = "s001", Channels = ["C3", "Cz", "C4"], Rate = 160, Samples = 320, Classes = ["T1", "T2"],
                Encoder = config, Objective = new ObjectiveWeights(), InputScale = 1e5f,
            });
        var registry = StageRegistry.ForBuiltIns();
        Assert.Empty(registry.Register(typeof(RecordedFileTests).Assembly, "test"));
        var file = TestData.Require(Run);
        var pipeline = PipelineLoader.LoadText($$"""
            name: recorded
            sources:
              - id: eeg
                uses: test.recording
                with: { path: "{{file}}" }
              - id: cues
                uses: test.recording-markers
                with: { path: "{{file}}" }
            stages:
              - id: band
                uses: dsp.bandpass
                input: eeg
                with: { low: 8 Hz, high: 30 Hz }
              - id: motor
                uses: dsp.pick
                with: { channels: [C4, C3, Cz] }
              - id: epochs
                uses: dsp.epoch
                input: { data: motor, markers: cues }
                with: { events: [T1, T2], tmin: 0.5 s, tmax: 2.49375 s }
              - id: decoder
                uses: decode
                with: { model: "{{_model}}", device: cpu, queue: 64 }
            sinks:
              - id: keep
                uses: test.keep-decoded
            """, "recorded.yaml", AppContext.BaseDirectory, registry);
        var outputs = new List<DecodedOutput>();
        KeepDecodedSink.Target.Value = outputs;

        var result = PipelineRunner.RunAsync(pipeline, new RunOptions { Log = new Core.Logging.MemoryLog() }).GetAwaiter().GetResult();

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        // S001R04 has 8 T1 and 7 T2 cues (PROVENANCE.md)
        Assert.Equal(15, result.Health["epochs"]["items"]);
        Assert.Equal(15, outputs.Count);
        Assert.Equal(8, outputs.Count(o => o.Event!.Value == "T1"));
        Assert.Equal(7, outputs.Count(o => o.Event!.Value == "T2"));
        Assert.All(outputs, o => Assert.Equal(o.Event!.Timestamp + 0.5 + 320 / 160.0, o.Timestamp, 6));
        Assert.True(outputs.Select(o => o.Timestamp).SequenceEqual(outputs.Select(o => o.Timestamp).Order()));
        Assert.Equal(0, result.Health["decoder"]["dropped"]);
    }

    public void Dispose()
    {
        if (Directory.Exists(_model)) Directory.Delete(_model, recursive: true);
    }
}
