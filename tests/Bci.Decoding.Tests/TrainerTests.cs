using Bci.Decoding.Augmentation;
using Bci.Decoding.Model;
using Bci.Decoding.Training;

namespace Bci.Decoding.Tests;

public sealed class TrainerTests
{
    internal static TrainingConfig Quick(int epochs = 12, long seed = 7) => new()
    {
        Size = ModelSize.Tiny,
        MaxEpochs = epochs,
        BatchSize = 16,
        LearningRate = 3e-3,
        WarmupEpochs = 1,
        Patience = 100,
        Seed = seed,
        Device = "cpu",
        Threads = 1,
        Augmentation = new AugmentationConfig { MaxShift = 0.05, MaxFrequencyShift = 0.5 },
    };

    [Fact]
    public void Train_OnASeparableSet_LossFallsAndHeldOutRunIsDecoded()
    {
        var data = SyntheticEpochs.Make(perClassPerGroup: 12, groups: 3);
        var progress = new List<EpochProgress>();

        var (decoder, result) = ContrastiveTrainer.Train(data, Quick() with { ValidationGroups = ["run3"] }, new SyncProgress(progress));
        using var _ = decoder;

        Assert.Equal(12, progress.Count);
        Assert.True(progress[^1].TrainLoss < 0.8 * progress[0].TrainLoss, $"train loss {progress[0].TrainLoss:0.000} -> {progress[^1].TrainLoss:0.000}");
        var best = result.History[result.BestEpoch - 1];
        Assert.True(best.ValidationAccuracy >= 0.9, $"held-out run accuracy {best.ValidationAccuracy:0.00}");

        var heldOut = data.Epochs.Where(e => e.Group == "run3").ToList();
        var predictions = decoder.Predict(heldOut.Select(e => e.Data).ToList());
        var correct = predictions.Zip(heldOut).Count(p => Array.IndexOf(p.First.Probabilities, p.First.Probabilities.Max()) == p.Second.Label);
        Assert.True(correct >= 0.9 * heldOut.Count, $"{correct}/{heldOut.Count} correct");
        Assert.All(predictions, p => Assert.Equal(1.0, p.Probabilities.Sum(), 4));
    }

    [Fact]
    public void Train_WithoutClassificationHead_DecodesThroughThePrototypes()
    {
        var data = SyntheticEpochs.Make(perClassPerGroup: 12, groups: 2);
        var config = Quick(epochs: 15) with { ValidationGroups = ["run2"], Objective = new() { CrossEntropy = 0 } };

        var (decoder, result) = ContrastiveTrainer.Train(data, config);
        using var _ = decoder;

        Assert.False(decoder.Encoder.HasClassifier);
        Assert.True(result.History.Max(h => h.ValidationAccuracy) >= 0.85, string.Join(", ", result.History.Select(h => h.ValidationAccuracy.ToString("0.00"))));
    }

    [Fact]
    public void Train_WithPatienceZero_RunsEveryEpochAndKeepsTheLastWeights()
    {
        var data = SyntheticEpochs.Make(perClassPerGroup: 4, groups: 2);
        // a validation loss that never improves would stop any positive patience after the first epoch
        var config = Quick(epochs: 4) with { ValidationGroups = ["run2"], Patience = 0, LearningRate = 0 };

        var (decoder, result) = ContrastiveTrainer.Train(data, config);
        using var _ = decoder;

        Assert.Equal(4, result.History.Count);
        Assert.Equal(4, result.BestEpoch);
        Assert.False(result.StoppedEarly);
        Assert.All(result.History, h => Assert.False(double.IsNaN(h.ValidationLoss)));
    }

    [Fact]
    public void Train_WithTheSameSeed_GivesTheSameWeights_AndAnotherSeedDoesNot()
    {
        var data = SyntheticEpochs.Make(perClassPerGroup: 6, groups: 2);

        float[] Weights(long seed)
        {
            var (decoder, _) = ContrastiveTrainer.Train(data, Quick(epochs: 3, seed: seed) with { ValidationGroups = ["run2"] });
            using var _ = decoder;
            return decoder.Encoder.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }

        var a = Weights(5);
        var b = Weights(5);
        var c = Weights(6);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Train_SplitsByGroup_AndRefusesUnknownOrAllGroups()
    {
        var data = SyntheticEpochs.Make(perClassPerGroup: 2, groups: 2);

        var unknown = Assert.Throws<ArgumentException>(() => ContrastiveTrainer.Train(data, Quick(1) with { ValidationGroups = ["run9"] }));
        Assert.Contains("run9", unknown.Message);
        Assert.Contains("run1, run2", unknown.Message);
        Assert.Throws<ArgumentException>(() => ContrastiveTrainer.Train(data, Quick(1) with { ValidationGroups = ["run1", "run2"] }));
    }

    [Fact]
    public void EarlyStopping_StopsAfterPatienceAndKeepsTheBestEpoch()
    {
        var data = SyntheticEpochs.Make(perClassPerGroup: 8, groups: 2);
        // a learning rate this high makes the validation loss stop improving quickly
        var config = Quick(epochs: 60) with { ValidationGroups = ["run2"], Patience = 3, LearningRate = 0.05 };

        var (decoder, result) = ContrastiveTrainer.Train(data, config);
        using var _ = decoder;

        Assert.True(result.StoppedEarly, $"ran {result.History.Count} epochs");
        Assert.Equal(result.BestEpoch + 3, result.History.Count);
        var bestLoss = result.History.Min(h => h.ValidationLoss);
        Assert.Equal(bestLoss, result.History[result.BestEpoch - 1].ValidationLoss);
    }

    [Fact]
    public void Schedule_WarmsUpThenDecaysByCosine()
    {
        var config = new TrainingConfig { LearningRate = 1e-3, WarmupEpochs = 4, MaxEpochs = 24 };

        var rates = Enumerable.Range(1, 24).Select(e => ContrastiveTrainer.Schedule(config, e)).ToList();

        Assert.Equal(0.2e-3, rates[0], 9);
        Assert.True(rates.Take(4).Zip(rates.Skip(1).Take(3)).All(p => p.First < p.Second), "warm-up rises");
        Assert.Equal(1e-3, rates[4], 9);
        Assert.True(rates.Skip(4).Zip(rates.Skip(5)).All(p => p.First > p.Second), "cosine falls");
        Assert.InRange(rates[^1], 1e-5, 2e-5);
    }

    /// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(List<EpochProgress> into) : IProgress<EpochProgress>
    {
        public void Report(EpochProgress value) => into.Add(value);
    }
}
