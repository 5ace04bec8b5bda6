using Bci.Core.Logging;
using Bci.Decoding.Baseline;
using Bci.Decoding.Checkpoints;
using Bci.Decoding.Model;
using Bci.Decoding.Objectives;
using Bci.Decoding.Training;
using Bci.Lsl;
using Bci.Pipelines;
using Bci.Pipelines.Registry;
using Bci.Pipelines.Running;
using Bci.TestSupport;
using static TorchSharp.torch;

namespace Bci.Alignment.Tests;

/// <summary>
/// pipelines/motor-imagery.yaml run as shipped except for its inputs: a recorded EEGMMIDB run replayed (16x) in
/// place of the two LSL inlets, and freshly made models in place of the trained ones (untrained weights: this checks
/// the wiring, not accuracy). Another program's LSL inlet must receive P(T1), P(T2) and the control value.
/// </summary>
public sealed class MotorImageryPipelineTests : IDisposable
{
    private const string Run = "eegmmidb/S001R04.edf";
    private static readonly string[] Motor =
        ["FC5", "FC3", "FC1", "FCz", "FC2", "FC4", "FC6", "C5", "C3", "C1", "Cz", "C2", "C4", "C6", "CP5", "CP3", "CP1", "CPz", "CP2", "CP4", "CP6"];
    private const int Samples = 280; // 0.5 .. 3.9875 s at 80 Hz
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private void MakeModels(string transformer, string csp)
    {
        var config = EncoderConfig.Preset(ModelSize.Tiny, Motor.Length, Samples, 80, classes: 2);
        manual_seed(1);
        using (var decoder = new TransformerDecoder(new ContrastiveEncoder(config), new ContrastiveObjective(new ObjectiveWeights(), 2, config.EmbeddingDim, 1), 1e5f, ["T1", "T2"], CPU))
            TransformerCheckpoint.Save(transformer, decoder, new ModelManifest
            {
                Kind = ModelManifest.TransformerKind, Name = "motor-imagery", Channels = Motor, Rate = 80, Samples = Samples, Classes = ["T1", "T2"],
                Encoder = config, Objective = new ObjectiveWeights(), InputScale = 1e5f,
            });
        var random = new Random(2);
        var epochs = Enumerable.Range(0, 20).Select(i => new LabeledEpoch(
            Enumerable.Range(0, Motor.Length * Samples).Select(_ => (float)(random.NextDouble() - 0.5) * 1e-5f).ToArray(), i % 2, "r")).ToList();
        CspLdaModel.Train(new EpochSet(Motor, 80, Samples, ["T1", "T2"], epochs)).Save(csp, new ModelManifest
        {
            Kind = ModelManifest.CspLdaKind, Name = "motor-imagery-csp", Channels = Motor, Rate = 80, Samples = Samples, Classes = ["T1", "T2"],
        });
    }

    [DataFact(Run)]
    public void MotorImagery_OnAReplayedSession_PublishesProbabilitiesAndControlOnLsl()
    {
        var file = TestData.Require(Run);
        var pipelineFile = Path.Combine(TestData.RepositoryRoot, "pipelines", "motor-imagery.yaml");
        var transformer = _dir.File("motor-imagery");
        var csp = _dir.File("motor-imagery-csp");
        MakeModels(transformer, csp);
        var name = "bci-decoded-" + Guid.NewGuid().ToString("N")[..8];

        var text = File.ReadAllText(pipelineFile);
        text = Replace(text, "uses: lsl.inlet\n    with: { type: EEG }", $"uses: replay\n    with: {{ file: \"{file}\", speed: 16, chunk: 50 ms }}");
        text = Replace(text, "uses: lsl.markers-inlet\n    with: { type: Markers }", $"uses: replay.markers\n    with: {{ file: \"{file}\", speed: 16 }}");
        text = Replace(text, "model: ../models/motor-imagery\n", $"model: \"{transformer}\"\n");
        text = Replace(text, "model: ../models/motor-imagery-csp,", $"model: \"{csp}\",");
        text = Replace(text, "uses: lsl.decoded-outlet\n    input: decoder", $"uses: lsl.decoded-outlet\n    input: decoder\n    with: {{ name: {name} }}");
        var pipeline = PipelineLoader.LoadText(text, pipelineFile, Path.GetDirectoryName(pipelineFile)!, StageRegistry.ForBuiltIns());

        var received = new List<float[]>();
        string[] labels = [];
        using var stop = new CancellationTokenSource();
        var listener = Task.Run(() =>
        {
            LslInlet? inlet = null;
            try
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (inlet is null && DateTime.UtcNow < deadline && !stop.IsCancellationRequested)
                    if (new LslResolver().Resolve($"name='{name}'", 1, 0.5) is [var info, ..]) inlet = new LslInlet(info);
                if (inlet is null) return;
                inlet.Open(10);
                labels = inlet.GetFullInfo(10).Desc.Element("channels")!.Elements("channel").Select(c => (string)c.Element("label")!).ToArray();
                var values = new float[3];
                while (!stop.IsCancellationRequested || inlet.SamplesAvailable > 0)
                    if (inlet.TryPullSample<float>(values, 0.2, out _)) lock (received) received.Add(values.ToArray());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                lock (received) received.Add([float.NaN, float.NaN, float.NaN]); // reported below as a bad sample
            }
            finally
            {
                inlet?.Dispose();
            }
        });

        var result = PipelineRunner.RunAsync(pipeline, new RunOptions { Duration = TimeSpan.FromSeconds(12), Log = new MemoryLog() }).GetAwaiter().GetResult();
        Thread.Sleep(500); // the last samples cross the loopback
        stop.Cancel();
        Assert.True(listener.Wait(TimeSpan.FromSeconds(20)), "the LSL listener did not stop");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(15, result.Health["epochs"]["items"]); // S001R04: 8 T1 + 7 T2 cues
        var decoded = result.Health["out"]["outputs"];
        Assert.InRange(decoded, 1, 15); // latest-wins(1) may drop under load; the rest is published
        Assert.Equal(["T1", "T2", "control"], labels);
        Assert.InRange(received.Count, 1, decoded); // the inlet connects after the outlet appears, so it may miss the first
        foreach (var sample in received)
        {
            Assert.Equal(1.0, sample[0] + sample[1], 4);              // class probabilities
            Assert.Equal(sample[1] - sample[0], sample[2], 4);        // control = P(T2) - P(T1)
        }
    }

    private static string Replace(string text, string what, string with)
    {
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(normalised.Contains(what, StringComparison.Ordinal), $"pipelines/motor-imagery.yaml no longer contains '{what}'");
        return normalised.Replace(what, with, StringComparison.Ordinal);
    }
}
