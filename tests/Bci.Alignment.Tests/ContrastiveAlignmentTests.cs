using Bci.Alignment.Catalogs;
using Bci.Alignment.Synthetic;
using Bci.Alignment.Training;

namespace Bci.Alignment.Tests;

/// <summary>The InfoNCE alignment of the decoder against catalog latents: zero-shot splits and a short training run.</summary>
public sealed class ContrastiveAlignmentTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static (LatentCatalog Catalog, List<AlignmentTrial> Trials, LatentResponseModel Model) Synthetic(int items, int trialsPerItem, double snrDb, int seed)
    {
        var model = new LatentResponseModel(16, 8, 32, seed: seed);
        var random = new Random(seed);
        var names = Enumerable.Range(0, items).Select(i => $"item{i:000}").ToArray();
        var latents = names.Select(_ => model.RandomLatent(random)).ToArray();
        var catalog = new LatentCatalog("test", "latent-response-model", 16, names.Select(n => new LatentItem(n)), latents.SelectMany(v => v).ToArray());
        var snr = Math.Pow(10, snrDb / 10);
        var trials = names.SelectMany((n, i) => Enumerable.Range(0, trialsPerItem)
            .Select(k => new AlignmentTrial(n, i % 10 == 0 ? "validation" : "fit", model.Trial(latents[i], snr, random).Select(v => (float)v).ToArray()))).ToList();
        return (catalog, trials, model);
    }

    private static readonly string[] Channels = Enumerable.Range(1, 8).Select(c => $"ch{c}").ToArray();

    [Fact]
    public void TrainingSet_HoldsNoTrialNorLatentOfAHeldOutItem()
    {
        var (catalog, trials, _) = Synthetic(40, 3, 0, 1);
        var split = ZeroShotSplit.HoldOut(catalog.Items.Select(i => i.Name), 10, seed: 5);
        var set = ContrastiveAlignment.TrainingSet(trials, Channels, 256, 32, catalog, split);

        Assert.Empty(set.Classes.Intersect(split.TestItems));
        Assert.Equal(30 * 3, set.Count);
        var heldOutData = trials.Where(t => split.TestItems.Contains(t.Item)).Select(t => t.Data).ToList();
        Assert.Equal(10 * 3, heldOutData.Count);
        foreach (var epoch in set.Epochs)
        {
            Assert.DoesNotContain(heldOutData, d => ReferenceEquals(d, epoch.Data) || d.AsSpan().SequenceEqual(epoch.Data));
            var item = set.Classes[epoch.Label];
            Assert.Contains(item, split.TrainItems);
            Assert.Equal(catalog.Vector(item).ToArray(), epoch.Target!, (a, b) => Math.Abs(a - b) < 1e-6f); // its own latent
            foreach (var held in split.TestItems)
                Assert.NotEqual(catalog.Vector(held).ToArray(), epoch.Target!);
        }
    }

    [Fact]
    public void TrainingSet_RefusesTrialsOfUnknownItems()
    {
        var (catalog, trials, _) = Synthetic(12, 1, 0, 2);
        var split = ZeroShotSplit.Explicit(catalog.Items.Select(i => i.Name).Take(10), ["item000"]);
        var error = Assert.Throws<InvalidOperationException>(() => ContrastiveAlignment.TrainingSet(trials, Channels, 256, 32, catalog, split));
        Assert.Contains("item010", error.Message);
    }

    [Fact]
    public void ShortTraining_RetrievesUnseenItemsAboveChance()
    {
        // 20-way zero-shot after training on 100 other items; chance top-1 is 0.05 (1 of 20).
        var (catalog, trials, _) = Synthetic(120, 4, 5, 3);
        var split = ZeroShotSplit.HoldOut(catalog.Items.Select(i => i.Name), 20, seed: 7);
        var test = trials.Where(t => split.TestItems.Contains(t.Item)).GroupBy(t => t.Item).Select(g => g.First());
        trials = trials.Where(t => !split.TestItems.Contains(t.Item)).Concat(test).ToList();
        var alignment = new ContrastiveAlignment { Config = ContrastiveAlignment.Defaults with { MaxEpochs = 40, Threads = 1, Seed = 1, ValidationGroups = ["validation"] } };

        var (decoder, result) = alignment.Train(trials, Channels, 256, 32, catalog, split);
        using (decoder)
        {
            Assert.Equal(16, decoder.Config.EmbeddingDim); // the catalog's space
            var score = ContrastiveAlignment.Evaluate(decoder, trials, catalog, split);
            output.WriteLine($"20-way zero-shot: top-1 {score.Top1Hits}/20, top-5 {score.Top5Hits}/20 after {result.History.Count} epochs (best {result.BestEpoch})");
            Assert.Equal(20, score.Ways);
            Assert.Equal(20, score.Trials);
            // P(>= 6 of 20 by chance at p = 0.05) < 0.003.
            Assert.True(score.Top1Hits >= 6, $"top-1 {score.Top1Hits}/20, top-5 {score.Top5Hits}/20 after {result.History.Count} epochs " +
                                             $"(losses {string.Join(", ", result.History.Select(h => h.ValidationLoss.ToString("0.00")))})");
        }
    }
}
