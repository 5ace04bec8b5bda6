using Bci.Decoding.Model;
using Bci.Decoding.Training;
using static TorchSharp.torch;

namespace Bci.Decoding.Tests;

public sealed class CspInitialisationTests
{
    private static ContrastiveEncoder Encoder(EpochSet set)
    {
        manual_seed(3);
        return new ContrastiveEncoder(EncoderConfig.Preset(ModelSize.Tiny, set.Channels.Count, set.Samples, set.Rate, 2));
    }

    /// <summary>Mean variance of the filtered signal w·x over the epochs of one class.</summary>
    private static double ClassVariance(EpochSet set, float[] w, int label)
    {
        var c = set.Channels.Count;
        var t = set.Samples;
        return set.Epochs.Where(e => e.Label == label).Average(e =>
        {
            var y = new double[t];
            for (var ch = 0; ch < c; ch++)
                for (var i = 0; i < t; i++) y[i] += w[ch] * e.Data[ch * t + i];
            var mean = y.Average();
            return y.Average(v => (v - mean) * (v - mean));
        });
    }

    [Fact]
    public void EachTemporalFilter_GetsAPairOfFilters_ThatSeparateTheClassesByVariance()
    {
        // class "left" carries its rhythm on channel 0, "right" on channel 1 (3.3x the amplitude, 11x the power)
        var set = SyntheticEpochs.Make(perClassPerGroup: 20, groups: 2, channels: 6);
        using var encoder = Encoder(set);

        CspInitialisation.Apply(encoder, set.Epochs, set);

        var filters = encoder.SpatialFilters();
        Assert.Equal(encoder.Config.TemporalFilters * encoder.Config.DepthMultiplier, filters.Length);
        // the tiny preset has 4 x 2 = 8 spatial filters: the 2 strongest pairs, each twice
        for (var g = 0; g < encoder.Config.TemporalFilters; g++)
        {
            var favoursLeft = filters[2 * g];
            var favoursRight = filters[2 * g + 1];
            if (g % 2 == 0)
            {
                Assert.True(ClassVariance(set, favoursLeft, 0) > 5 * ClassVariance(set, favoursLeft, 1), $"filter {2 * g} should pass far more 'left' power");
                Assert.True(ClassVariance(set, favoursRight, 1) > 5 * ClassVariance(set, favoursRight, 0), $"filter {2 * g + 1} should pass far more 'right' power");
            }
            Assert.Equal(filters[2 * (g % 2)], filters[2 * g]);
        }
    }

    [Fact]
    public void RandomInitialisation_DoesNotSeparateTheClasses_SoTheTestAboveMeasuresTheInitialisation()
    {
        var set = SyntheticEpochs.Make(perClassPerGroup: 20, groups: 2, channels: 6);
        using var encoder = Encoder(set);

        var ratios = encoder.SpatialFilters().Select(w => ClassVariance(set, w, 0) / ClassVariance(set, w, 1)).ToList();

        Assert.Contains(ratios, r => r is > 0.2 and < 5);
    }

    [Fact]
    public void Filters_KeepTheScaleOfTheRandomInitialisation_AndStayTrainable()
    {
        var set = SyntheticEpochs.Make(perClassPerGroup: 10, groups: 1, channels: 6);
        using var encoder = Encoder(set);
        var before = encoder.SpatialFilters().Average(Norm);

        CspInitialisation.Apply(encoder, set.Epochs, set);

        foreach (var w in encoder.SpatialFilters()) Assert.Equal(before, Norm(w), 4);
        Assert.True(encoder.named_parameters().Single(p => p.name == "frontEnd.spatial.weight").parameter.requires_grad);
    }

    [Fact]
    public void TrainingEpochsWithoutAClass_AreRejectedByName()
    {
        var set = SyntheticEpochs.Make(perClassPerGroup: 5, groups: 1, channels: 4);
        using var encoder = Encoder(set);

        var error = Assert.Throws<ArgumentException>(() => CspInitialisation.Apply(encoder, set.Epochs.Where(e => e.Label == 0).ToList(), set));

        Assert.Contains("no training epoch of class right", error.Message);
    }

    [Fact]
    public void Trainer_WithCspInitialisation_FitsOnlyTheTrainingGroups()
    {
        // the validation run has its labels swapped: had its epochs entered the fit, the filters would differ from run1's alone
        var set = SyntheticEpochs.Make(perClassPerGroup: 12, groups: 2, channels: 4);
        var swapped = set.Epochs.Select(e => e.Group == "run2" ? e with { Label = 1 - e.Label } : e).ToList();
        var data = new EpochSet(set.Channels, set.Rate, set.Samples, set.Classes, swapped);
        var trainOnly = new EpochSet(set.Channels, set.Rate, set.Samples, set.Classes, swapped.Where(e => e.Group == "run1").ToList());
        using var expected = Encoder(trainOnly);
        CspInitialisation.Apply(expected, trainOnly.Epochs, trainOnly);

        var config = new TrainingConfig { Size = ModelSize.Tiny, MaxEpochs = 1, LearningRate = 1e-12, WarmupEpochs = 0, CspSpatialInit = true, ValidationGroups = ["run2"], Seed = 3, Threads = 1 };
        var (decoder, _) = ContrastiveTrainer.Train(data, config);
        using (decoder)
        {
            var trained = decoder.Encoder.SpatialFilters();
            var reference = expected.SpatialFilters();
            for (var i = 0; i < trained.Length; i++)
                for (var c = 0; c < trained[i].Length; c++) Assert.Equal(reference[i][c], trained[i][c], 3);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Trainer_FreezeSpatial_KeepsTheCspFiltersExactly_WhileTheRestTrains(bool freeze)
    {
        var set = SyntheticEpochs.Make(perClassPerGroup: 12, groups: 2, channels: 4);
        using var initial = Encoder(set);
        CspInitialisation.Apply(initial, set.Epochs, set);
        var cspFilters = initial.SpatialFilters();

        var config = new TrainingConfig { Size = ModelSize.Tiny, MaxEpochs = 2, LearningRate = 1e-2, WarmupEpochs = 0, CspSpatialInit = true, FreezeSpatialFilters = freeze, Seed = 3, Threads = 1 };
        var (decoder, _) = ContrastiveTrainer.Train(set, config);
        using (decoder)
        {
            var trained = decoder.Encoder.SpatialFilters();
            var moved = trained.Zip(cspFilters).Max(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second)));
            if (freeze) Assert.Equal(0f, moved); // bit for bit: no gradient step and no weight decay reached them
            else Assert.True(moved > 1e-3f, $"trainable spatial filters moved only {moved} from CSP");

            // the temporal filters train either way (initialised with the same seed as the reference encoder)
            var temporal = decoder.Encoder.named_parameters().Single(p => p.name == "frontEnd.temporal.weight").parameter.detach().cpu().data<float>().ToArray();
            var temporalBefore = initial.named_parameters().Single(p => p.name == "frontEnd.temporal.weight").parameter.detach().data<float>().ToArray();
            Assert.True(temporal.Zip(temporalBefore).Max(v => Math.Abs(v.First - v.Second)) > 1e-3f, "the temporal filters did not train");
        }
    }

    [Fact]
    public void Trainer_FreezeSpatial_WithoutCspInitialisation_IsRejected()
    {
        var set = SyntheticEpochs.Make(perClassPerGroup: 4, groups: 1, channels: 4);
        var config = new TrainingConfig { Size = ModelSize.Tiny, MaxEpochs = 1, FreezeSpatialFilters = true, Threads = 1 };

        var error = Assert.Throws<ArgumentException>(() => ContrastiveTrainer.Train(set, config));

        Assert.Contains("spatial-init: csp", error.Message);
    }

    private static double Norm(float[] w) => Math.Sqrt(w.Sum(v => (double)v * v));
}
