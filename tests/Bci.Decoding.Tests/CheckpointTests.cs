using Bci.Core.Streams;
using Bci.Decoding.Checkpoints;
using Bci.Decoding.Training;

namespace Bci.Decoding.Tests;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bci-decoding-tests", Guid.NewGuid().ToString("N"));

    internal static ModelManifest Manifest(TransformerDecoder decoder, EpochSet data, string name = "synthetic") => new()
    {
        Kind = ModelManifest.TransformerKind,
        Name = name,
        Channels = data.Channels,
        Rate = data.Rate,
        Samples = data.Samples,
        Classes = data.Classes,
        InputScale = decoder.InputScale,
        Encoder = decoder.Config,
        Objective = decoder.Objective.Weights,
        ParameterCount = decoder.Encoder.ParameterCount,
        LatentSpace = "prototypes:seed=7",
        Metrics = new Dictionary<string, double> { ["validation-accuracy"] = 1.0 },
    };

    [Fact]
    public void SaveThenLoad_GivesIdenticalOutputs()
    {
        var data = SyntheticEpochs.Make(perClassPerGroup: 4, groups: 2);
        var (decoder, _) = ContrastiveTrainer.Train(data, TrainerTests.Quick(epochs: 2) with { ValidationGroups = ["run2"] });
        using var _ = decoder;
        var windows = data.Epochs.Take(5).Select(e => e.Data).ToList();
        var before = decoder.Predict(windows);

        TransformerCheckpoint.Save(_folder, decoder, Manifest(decoder, data));
        var (loaded, manifest) = TransformerCheckpoint.Load(_folder, "cpu");
        using var __ = loaded;
        var after = loaded.Predict(windows);

        Assert.Equal(data.Channels, manifest.Channels);
        Assert.Equal(decoder.InputScale, manifest.InputScale);
        for (var i = 0; i < windows.Count; i++)
        {
            Assert.Equal(before[i].Probabilities, after[i].Probabilities);
            Assert.Equal(before[i].Embedding, after[i].Embedding);
        }
    }

    [Fact]
    public void Manifest_RoundTripsThroughJson()
    {
        var manifest = new ModelManifest
        {
            Kind = ModelManifest.CspLdaKind, Name = "m", Channels = ["C3", "C4"], Rate = 160, Samples = 320, Classes = ["T1", "T2"],
            Preprocessing = [new PreprocessingStep("band", "dsp.bandpass", new Dictionary<string, string> { ["low"] = "8 Hz" })],
        };

        var back = ModelManifest.FromJson(manifest.ToJson(), "test");

        Assert.Equal(manifest.Channels, back.Channels);
        Assert.Equal("dsp.bandpass", back.Preprocessing.Single().Uses);
        Assert.Equal("8 Hz", back.Preprocessing.Single().Options["low"]);
        Assert.Contains("\"rate\": 160", manifest.ToJson());
    }

    [Fact]
    public void Validate_MapsReorderedAndExtraChannels()
    {
        var manifest = new ModelManifest { Kind = "x", Name = "m", Channels = ["C3", "Cz", "C4"], Rate = 160, Samples = 320, Classes = ["a", "b"] };
        var stream = new StreamDescription("amp", "EEG", new[] { "Fz", "C4", "c3", "Cz" }.Select(l => new ChannelInfo(l)), 160);

        Assert.Equal(new[] { 2, 3, 1 }, manifest.Validate(stream, 320));
    }

    [Fact]
    public void Validate_RejectsMissingChannelsOtherRateAndLength_SayingWhat()
    {
        var manifest = new ModelManifest { Kind = "x", Name = "mi", Channels = ["C3", "Cz", "C4"], Rate = 160, Samples = 320, Classes = ["a", "b"] };
        var stream = new StreamDescription("amp", "EEG", new[] { "C3", "Fz" }.Select(l => new ChannelInfo(l)), 250);

        var error = Assert.Throws<ManifestMismatchException>(() => manifest.Validate(stream, 500));

        Assert.Contains("model 'mi' does not fit stream 'amp'", error.Message);
        Assert.Contains("missing: Cz, C4", error.Message);
        Assert.Contains("250 Hz", error.Message);
        Assert.Contains("160 Hz", error.Message);
        Assert.Contains("500 samples", error.Message);
    }

    [Fact]
    public void Load_ReportsAMissingOrForeignCheckpointClearly()
    {
        Assert.Contains("manifest not found", Assert.Throws<FileNotFoundException>(() => TransformerCheckpoint.Load(_folder)).Message);

        Directory.CreateDirectory(_folder);
        new ModelManifest { Kind = ModelManifest.CspLdaKind, Name = "b", Channels = ["C3"], Rate = 160, Samples = 10, Classes = ["a", "b"] }
            .Save(Path.Combine(_folder, TransformerCheckpoint.ManifestFile));
        Assert.Contains("'csp-lda' model", Assert.Throws<InvalidDataException>(() => TransformerCheckpoint.Load(_folder)).Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
