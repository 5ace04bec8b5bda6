using Bci.Decoding.Checkpoints;
using Bci.Decoding.Model;
using Bci.Decoding.Objectives;
using Bci.Decoding.Training;
using static TorchSharp.torch;

namespace Bci.Decoding.Tests;

public sealed class CroppedDecodingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bci-decoding-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Starts_StepThroughTheWindowWhileTheCropFits()
    {
        Assert.Equal(new[] { 0, 20, 40, 60, 80, 100, 120 }, Crops.Starts(280, 160, 20));
        Assert.Equal(new[] { 0, 30, 60, 90, 120 }, Crops.Starts(280, 160, 30)); // 150 would overrun 280
        Assert.Equal(new[] { 0 }, Crops.Starts(280, 280, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Crops.Starts(100, 101, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Crops.Starts(100, 50, 0));
    }

    [Fact]
    public void Copy_TakesTheSameSpanOfEveryChannel()
    {
        var window = Enumerable.Range(0, 2 * 10).Select(i => (float)i).ToArray(); // channel 0: 0..9, channel 1: 10..19
        var crop = new float[2 * 4];

        Crops.Copy(window, 2, 10, 3, 4, crop);

        Assert.Equal(new float[] { 3, 4, 5, 6, 13, 14, 15, 16 }, crop);
        Assert.Throws<ArgumentOutOfRangeException>(() => Crops.Copy(window, 2, 10, 7, 4, crop));
    }

    [Fact]
    public void Predict_AveragesTheEncoderOverTheCrops()
    {
        var data = SyntheticEpochs.Make(perClassPerGroup: 2, groups: 1);
        var config = EncoderConfig.Preset(ModelSize.Tiny, data.Channels.Count, 64, data.Rate, 2);
        manual_seed(3);
        using var decoder = new TransformerDecoder(new ContrastiveEncoder(config), new ContrastiveObjective(new ObjectiveWeights(), 2, config.EmbeddingDim, 1),
            1e5f, data.Classes, CPU, windowSamples: data.Samples, cropStep: 16);
        var window = data.Epochs[0].Data;

        var decoded = decoder.Predict([window])[0];

        // the same crops cut by hand, each through the encoder on its own, then averaged
        Assert.Equal(new[] { 0, 16, 32, 48, 64 }, decoder.CropStarts);
        var normalised = new float[window.Length];
        InputNormalisation.Apply(window, data.Channels.Count, data.Samples, 1e5f, normalised);
        var probabilities = new double[2];
        var embedding = new double[config.EmbeddingDim];
        using (no_grad())
        {
            decoder.Encoder.eval();
            foreach (var start in decoder.CropStarts)
            {
                var crop = new float[data.Channels.Count * 64];
                for (var c = 0; c < data.Channels.Count; c++) Array.Copy(normalised, c * data.Samples + start, crop, c * 64, 64);
                var output = decoder.Encoder.Encode(tensor(crop, [1, data.Channels.Count, 64]));
                var p = output.Logits!.softmax(1).data<float>().ToArray();
                var e = output.Embedding.data<float>().ToArray();
                for (var k = 0; k < 2; k++) probabilities[k] += p[k] / 5;
                for (var k = 0; k < e.Length; k++) embedding[k] += e[k] / 5;
            }
        }
        var norm = Math.Sqrt(embedding.Sum(v => v * v));
        for (var k = 0; k < 2; k++) Assert.Equal(probabilities[k], decoded.Probabilities[k], 5);
        for (var k = 0; k < embedding.Length; k++) Assert.Equal(embedding[k] / norm, decoded.Embedding[k], 5);
    }

    [Fact]
    public void Predict_RejectsAWindowOfAnotherLength()
    {
        var config = EncoderConfig.Preset(ModelSize.Tiny, 4, 64, 128, 2);
        using var decoder = new TransformerDecoder(new ContrastiveEncoder(config), new ContrastiveObjective(new ObjectiveWeights(), 2, config.EmbeddingDim, 1),
            1e5f, ["a", "b"], CPU, windowSamples: 128, cropStep: 16);

        var error = Assert.Throws<ArgumentException>(() => decoder.Predict([new float[4 * 64]]));
        Assert.Contains("4 channels x 128 samples", error.Message);
    }

    [Fact]
    public void CroppedTraining_DecodesAHeldOutRun_AndSavesAndLoadsIdentically()
    {
        var data = SyntheticEpochs.Make(perClassPerGroup: 12, groups: 2);
        var config = TrainerTests.Quick(epochs: 8) with { ValidationGroups = ["run2"], Crop = 0.5, CropStep = 0.125, CropsPerTrial = 2 };

        var (decoder, result) = ContrastiveTrainer.Train(data, config);
        using var _ = decoder;

        Assert.Equal(64, decoder.Config.Samples);     // 0.5 s at 128 Hz
        Assert.Equal(data.Samples, decoder.WindowSamples);
        Assert.Equal(5, decoder.CropStarts.Count);    // 0, 16, ..., 64
        Assert.True(result.History.Max(h => h.ValidationAccuracy) >= 0.85, string.Join(", ", result.History.Select(h => h.ValidationAccuracy.ToString("0.00"))));

        var windows = data.Epochs.Where(e => e.Group == "run2").Take(4).Select(e => e.Data).ToList();
        var before = decoder.Predict(windows);
        TransformerCheckpoint.Save(_folder, decoder, CheckpointTests.Manifest(decoder, data) with { CropStep = decoder.CropStep });
        var (loaded, manifest) = TransformerCheckpoint.Load(_folder, "cpu");
        using var __ = loaded;
        var after = loaded.Predict(windows);

        Assert.Equal(16, manifest.CropStep);
        Assert.Equal(decoder.CropStarts, loaded.CropStarts);
        for (var i = 0; i < windows.Count; i++)
        {
            Assert.Equal(before[i].Probabilities, after[i].Probabilities);
            Assert.Equal(before[i].Embedding, after[i].Embedding);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
