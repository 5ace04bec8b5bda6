using Bci.Alignment.Catalogs;
using Bci.Alignment.Retrieval;
using Bci.Alignment.Training;

namespace Bci.Alignment.Synthetic;

/// <summary>
/// N-way zero-shot retrieval on <see cref="LatentResponseModel"/> data: a ridge mapping from epochs to latents is
/// fitted on the trials of training items only; each held-out item's trial is then ranked against the latents of
/// all held-out items. Reports the learned mapping's top-1/top-5 beside the Bayes-optimal ceiling (maximum
/// likelihood with the true response function) and chance.
/// </summary>
public sealed class SyntheticRetrievalBenchmark
{
    public int Items { get; init; } = 1200;
    public int Ways { get; init; } = 200;
    public int TrainTrialsPerItem { get; init; } = 4;
    public int LatentDimension { get; init; } = 32;
    public int Channels { get; init; } = 16;
    public int Samples { get; init; } = 32;
    public double Penalty { get; init; } = 1;
    public int Seed { get; init; } = 42;

    /// <summary>Share of the training items whose trials form the validation group of the contrastive trainer.</summary>
    public double ValidationShare { get; init; } = 0.1;

    /// <summary>
    /// One SNR: <paramref name="Learned"/> is the ridge mapping, <paramref name="Contrastive"/> the InfoNCE-trained
    /// transformer (when asked for), both on the same trials and split.
    /// </summary>
    public sealed record Row(double SnrDb, RetrievalScore Learned, RetrievalScore Ceiling, RetrievalScore? Contrastive = null, TrainingReportLine? Training = null);

    /// <summary>How the contrastive training went: epochs run, the best epoch, wall time.</summary>
    public sealed record TrainingReportLine(int Epochs, int BestEpoch, TimeSpan Elapsed);

    public Row Run(double snrDb, ContrastiveAlignment? contrastive = null, IProgress<Bci.Decoding.Training.EpochProgress>? progress = null)
    {
        var model = new LatentResponseModel(LatentDimension, Channels, Samples, seed: Seed);
        var random = new Random(Seed + 7);
        var names = Enumerable.Range(0, Items).Select(i => $"item{i:0000}").ToArray();
        var latents = names.Select(_ => model.RandomLatent(random)).ToArray();
        var split = ZeroShotSplit.HoldOut(names, Ways, Seed);
        var snr = Math.Pow(10, snrDb / 10);
        var features = new EpochFeatures(Channels, Samples);

        var trials = names.SelectMany((name, i) => Enumerable.Range(0, split.TestItems.Contains(name) ? 1 : TrainTrialsPerItem)
            .Select(_ => (Item: name, Index: i, Data: model.Trial(latents[i], snr, random)))).ToList();
        var train = split.TrainingTrials(trials, t => t.Item);
        var test = split.TestTrials(trials, t => t.Item);

        var mapping = LinearMapping.FitRidge(train.Select(t => features.Extract(t.Data)).ToList(), train.Select(t => latents[t.Index]).ToList(),
            Penalty, "synthetic");

        var galleryIndices = test.Select(t => t.Index).ToArray();
        var gallery = new LatentCatalog("synthetic", "latent-response-model", LatentDimension,
            galleryIndices.Select(i => new LatentItem(names[i])), galleryIndices.SelectMany(i => latents[i]).ToArray());
        var index = new LatentIndex(gallery);
        var responses = galleryIndices.Select(i => model.Response(latents[i])).ToArray();

        int l1 = 0, l5 = 0, c1 = 0, c5 = 0;
        for (var q = 0; q < test.Count; q++)
        {
            var hits = index.Search(mapping.Map(features.Extract(test[q].Data)), 5);
            if (hits[0].Name == test[q].Item) l1++;
            if (hits.Any(h => h.Name == test[q].Item)) l5++;
            var distances = responses.Select(r => model.Distance(test[q].Data, r)).ToArray();
            var rank = distances.Count(d => d < distances[q]);
            if (rank == 0) c1++;
            if (rank < 5) c5++;
        }
        var row = new Row(snrDb, new RetrievalScore(test.Count, test.Count, l1, l5), new RetrievalScore(test.Count, test.Count, c1, c5));
        if (contrastive is null) return row;

        // Validation (early stopping) is itself zero-shot: whole training items, never the held-out ones.
        var validationItems = split.TrainItems.Order(StringComparer.Ordinal).Where((_, i) => i % (int)Math.Round(1 / ValidationShare) == 0)
            .ToHashSet(StringComparer.Ordinal);
        var alignmentTrials = trials.Select(t => new AlignmentTrial(t.Item, validationItems.Contains(t.Item) ? "validation" : "fit",
            t.Data.Select(v => (float)v).ToArray())).ToList();
        var catalog = new LatentCatalog("synthetic", "latent-response-model", LatentDimension, names.Select(n => new LatentItem(n)),
            latents.SelectMany(v => v).ToArray());
        var channels = Enumerable.Range(1, Channels).Select(c => $"ch{c}").ToList();
        var trained = new ContrastiveAlignment { Config = contrastive.Config with { ValidationGroups = ["validation"], Seed = Seed }, Log = contrastive.Log };
        var (decoder, result) = trained.Train(alignmentTrials, channels, SyntheticAlignmentAssets.SampleRate, Samples, catalog, split, progress);
        using (decoder)
        {
            var score = ContrastiveAlignment.Evaluate(decoder, alignmentTrials, catalog, split);
            return row with { Contrastive = score, Training = new TrainingReportLine(result.History.Count, result.BestEpoch, result.Elapsed) };
        }
    }
}
