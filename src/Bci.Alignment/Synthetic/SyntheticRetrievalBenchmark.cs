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

    public sealed record Row(double SnrDb, RetrievalScore Learned, RetrievalScore Ceiling);

    public Row Run(double snrDb)
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
        return new Row(snrDb, new RetrievalScore(test.Count, test.Count, l1, l5), new RetrievalScore(test.Count, test.Count, c1, c5));
    }
}
