using Bci.Alignment.Catalogs;
using Bci.Alignment.Formats;
using Bci.Alignment.Training;

namespace Bci.Alignment.Synthetic;

/// <summary>
/// Writes what the example pipelines need to run on simulated data: a gallery of held-out items, a catalog of
/// movements (none of which has training trials), and a ridge mapping fitted on trials of the other items only.
/// </summary>
public static class SyntheticAlignmentAssets
{
    public const int LatentDimension = 32;
    public const int Channels = 16;
    public const int Samples = 32;
    public const int ModelSeed = 42;

    /// <summary>Sampling rate the simulated epochs are stamped with (Hz).</summary>
    public const double SampleRate = 256;
    public static readonly string[] Movements = ["left-hand", "right-hand", "feet", "tongue", "grasp"];

    public sealed record Written(string Gallery, string Actions, string Mapping, int TrainItems, int TrainTrials);

    public static Written Write(string directory, int items = 1200, int gallery = 200, int trialsPerItem = 4, double snrDb = -15, int seed = 42)
    {
        Directory.CreateDirectory(directory);
        var model = new LatentResponseModel(LatentDimension, Channels, Samples, seed: ModelSeed);
        var random = new Random(seed);
        var names = Enumerable.Range(0, items).Select(i => $"item{i:0000}").ToArray();
        var latents = names.ToDictionary(n => n, _ => model.RandomLatent(random));
        var movements = Movements.ToDictionary(n => n, _ => model.RandomLatent(random));
        var split = ZeroShotSplit.HoldOut(names, gallery, seed);

        var snr = Math.Pow(10, snrDb / 10);
        var features = new EpochFeatures(Channels, Samples);
        var trials = names.SelectMany(n => Enumerable.Range(0, trialsPerItem).Select(_ => (Item: n, Data: model.Trial(latents[n], snr, random)))).ToList();
        var train = split.TrainingTrials(trials, t => t.Item);
        var mapping = LinearMapping.FitRidge(train.Select(t => features.Extract(t.Data.Select(v => v * 1e-6).ToArray())).ToList(),
            train.Select(t => latents[t.Item]).ToList(), penalty: 1, "synthetic/latent-response-model", features);

        // Temperature calibration for the readout: 5-way choices among training items (fresh trials, same SNR),
        // so the movements themselves stay unseen.
        var trainNames = split.TrainItems.Order(StringComparer.Ordinal).ToArray();
        var similarities = new List<double[]>();
        var labels = new List<int>();
        for (var i = 0; i < 400; i++)
        {
            var choice = Enumerable.Range(0, Movements.Length).Select(_ => trainNames[random.Next(trainNames.Length)]).ToArray();
            var label = random.Next(choice.Length);
            var z = mapping.Map(features.Extract(model.Trial(latents[choice[label]], snr, random).Select(v => v * 1e-6).ToArray()));
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm<float>(z);
            similarities.Add(choice.Select(c => (double)System.Numerics.Tensors.TensorPrimitives.Dot<float>(z, latents[c]) / norm).ToArray());
            labels.Add(label);
        }
        var temperature = Readout.TemperatureCalibration.Fit(similarities, labels);

        LatentCatalog Catalog(IEnumerable<string> keys, Func<string, float[]> vector, LatentSourceKind kind) =>
            new("synthetic/latent-response-model", "LatentResponseModel", LatentDimension,
                keys.Select(k => new LatentItem(k, kind, k)), keys.SelectMany(vector).ToArray(), LatentNormalisation.L2,
                new Dictionary<string, string>
                {
                    ["model_seed"] = ModelSeed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["temperature"] = temperature.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
                });

        var result = new Written(Path.Combine(directory, "gallery.bcilat"), Path.Combine(directory, "actions.bcilat"), Path.Combine(directory, "mapping.safetensors"),
            split.TrainItems.Count, train.Count);
        LatentCatalogFile.Write(Catalog(split.TestItems.Order(StringComparer.Ordinal).ToList(), n => latents[n], LatentSourceKind.Image), result.Gallery);
        LatentCatalogFile.Write(Catalog(Movements, n => movements[n], LatentSourceKind.Action), result.Actions);
        mapping.Save(result.Mapping);
        return result;
    }
}
