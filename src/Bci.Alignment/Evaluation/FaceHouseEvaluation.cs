using Bci.Alignment.Catalogs;
using Bci.Alignment.Retrieval;
using Bci.Alignment.Synthetic;
using Bci.Alignment.Training;

namespace Bci.Alignment.Evaluation;

/// <summary>
/// The real-data check on the Muse N170 face/house recordings: each stimulus-locked epoch (0-0.6 s after onset,
/// baseline 0.1 s before) is mapped by ridge regression into the latent space of the catalog of the shown images
/// and named by the nearer category prototype (the normalised mean latent of the category's images): 2-way
/// retrieval. The markers say only "face" or "house", not which image, so this is category-level. Leave-one-file-
/// out: each of the recording files is tested once with a mapping fitted on the others; the ridge penalty is chosen
/// by an inner leave-one-file-out on the training files only.
/// </summary>
public sealed class FaceHouseEvaluation
{
    public const int Rate = 256;
    public const int BaselineSamples = 26;   // ~0.1 s before onset
    public const int EpochSamples = 152;     // ~0.6 s after onset (divisible by the decimation)
    public const int Decimate = 8;           // averaging 8 samples: ~32 Hz, a crude low-pass
    public static readonly double[] Penalties = [0.01, 0.1, 1, 10, 100];

    /// <summary>Peak-to-peak above which an epoch is rejected as an artefact (blinks, movement).</summary>
    public double RejectPeakToPeak { get; init; } = 150e-6;

    public sealed record Result(int Files, int Epochs, int Rejected, RetrievalScore Score, IReadOnlyList<double> ChosenPenalties, string Prototypes);

    /// <summary>
    /// One epoch: its file, category, the ridge features (decimated) and the raw samples for the transformer
    /// (onset .. +0.6 s at 256 Hz, channel-major, volts, the 0.1 s pre-onset mean removed per channel).
    /// </summary>
    public sealed record Epoch(int File, string Category, float[] Features, float[] Raw);

    public static string CategoryOf(int code) => code switch { 1 => "houses", 2 => "faces", _ => "" };

    public Result Run(string recordingsDirectory, LatentCatalog images)
    {
        var files = Directory.GetFiles(recordingsDirectory, "*.csv").Order(StringComparer.Ordinal).ToArray();
        if (files.Length < 2) throw new InvalidDataException($"'{recordingsDirectory}' holds {files.Length} CSV recordings; leave-one-file-out needs >= 2");
        var prototypes = Prototypes(images);
        var (epochs, rejected) = Epochs(files);
        var hits = 0;
        var chosen = new List<double>();
        for (var test = 0; test < files.Length; test++)
        {
            var training = epochs.Where(e => e.File != test).ToList();
            var penalty = ChoosePenalty(training, prototypes);
            chosen.Add(penalty);
            var mapping = Fit(training, prototypes, penalty);
            hits += epochs.Where(e => e.File == test).Count(e => Predict(mapping, prototypes, e) == e.Category);
        }
        var score = new RetrievalScore(2, epochs.Count, hits, epochs.Count);
        return new Result(files.Length, epochs.Count, rejected, score, chosen, string.Join(", ", prototypes.Items.Select(i => i.Name)));
    }

    /// <summary>
    /// The same 2-way test with the InfoNCE-trained transformer (<see cref="ContrastiveAlignment"/>) in place of
    /// ridge: leave-one-file-out; within the training files, the last one is the validation group for early
    /// stopping. The held-out file never reaches training (its epochs are not given to the trainer at all).
    /// </summary>
    public Result RunContrastive(string recordingsDirectory, LatentCatalog images, ContrastiveAlignment alignment,
        Action<string>? report = null)
    {
        var files = Directory.GetFiles(recordingsDirectory, "*.csv").Order(StringComparer.Ordinal).ToArray();
        if (files.Length < 3) throw new InvalidDataException($"'{recordingsDirectory}' holds {files.Length} CSV recordings; contrastive leave-one-file-out needs >= 3");
        var prototypes = Prototypes(images);
        var (epochs, rejected) = Epochs(files);
        var channels = MuseCsvRecording.EegChannels.ToList();
        var split = ZeroShotSplit.Explicit(prototypes.Items.Select(i => i.Name), []); // category level: both categories train
        var hits = 0;
        for (var test = 0; test < files.Length; test++)
        {
            var trainFiles = Enumerable.Range(0, files.Length).Where(f => f != test).ToList();
            var validation = trainFiles[^1];
            var trials = epochs.Where(e => e.File != test)
                .Select(e => new AlignmentTrial(e.Category, e.File == validation ? "validation" : $"file{e.File}", e.Raw)).ToList();
            var fold = new ContrastiveAlignment { Config = alignment.Config with { ValidationGroups = ["validation"] }, Log = alignment.Log };
            var (decoder, training) = fold.Train(trials, channels, Rate, EpochSamples, prototypes, split);
            using (decoder)
            {
                var held = epochs.Where(e => e.File == test).ToList();
                var embeddings = ContrastiveAlignment.Embed(decoder, held.Select(e => new AlignmentTrial(e.Category, "test", e.Raw)).ToList());
                var correct = held.Where((e, i) => Nearer(prototypes, embeddings[i]) == e.Category).Count();
                hits += correct;
                report?.Invoke($"fold {test + 1}/{files.Length} ({Path.GetFileName(files[test])}): {correct}/{held.Count} correct; " +
                               $"{training.History.Count} epochs, best {training.BestEpoch}, {training.Elapsed.TotalSeconds:0} s");
            }
        }
        var score = new RetrievalScore(2, epochs.Count, hits, epochs.Count);
        return new Result(files.Length, epochs.Count, rejected, score, [], string.Join(", ", prototypes.Items.Select(i => i.Name)));
    }

    private static string Nearer(LatentCatalog prototypes, ReadOnlySpan<float> z)
    {
        var a = System.Numerics.Tensors.TensorPrimitives.Dot(z, prototypes.Vector(0));
        var b = System.Numerics.Tensors.TensorPrimitives.Dot(z, prototypes.Vector(1));
        return a >= b ? prototypes.Items[0].Name : prototypes.Items[1].Name;
    }

    /// <summary>One prototype latent per category folder (faces/, houses/): the normalised mean of its images' latents.</summary>
    public static LatentCatalog Prototypes(LatentCatalog images)
    {
        var groups = images.Items.Select((item, i) => (Category: item.Name.Split('/')[0], Index: i))
            .GroupBy(g => g.Category).Where(g => g.Key is "faces" or "houses").OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (groups.Count != 2)
            throw new InvalidDataException($"{images}: needs items under faces/ and houses/ (build it from the stim folder); found {string.Join(", ", groups.Select(g => g.Key))}");
        var vectors = new float[2 * images.Dimension];
        for (var g = 0; g < 2; g++)
        {
            var span = vectors.AsSpan(g * images.Dimension, images.Dimension);
            foreach (var (_, index) in groups[g]) System.Numerics.Tensors.TensorPrimitives.Add(span, images.Vector(index), span);
            LatentCatalog.NormaliseInPlace(span);
        }
        return new LatentCatalog(images.SpaceId, images.Model, images.Dimension, groups.Select(g => new LatentItem(g.Key)), vectors, LatentNormalisation.L2);
    }

    public (List<Epoch> Epochs, int Rejected) Epochs(IReadOnlyList<string> files)
    {
        var features = new EpochFeatures(MuseCsvRecording.EegChannels.Length, BaselineSamples + EpochSamples, Decimate, BaselineSamples);
        var epochs = new List<Epoch>();
        var rejected = 0;
        for (var f = 0; f < files.Count; f++)
        {
            var recording = MuseCsvRecording.Read(files[f]);
            foreach (var (row, code) in recording.Markers)
            {
                var category = CategoryOf(code);
                var start = row - BaselineSamples;
                if (category.Length == 0 || start < 0 || row + EpochSamples > recording.Rows) continue;
                var block = new double[features.Channels * features.Samples];
                var bad = false;
                for (var c = 0; c < features.Channels; c++)
                {
                    var segment = recording.Channels[c].AsSpan(start, features.Samples);
                    segment.CopyTo(block.AsSpan(c * features.Samples));
                    bad |= segment.ToArray().Max() - segment.ToArray().Min() > RejectPeakToPeak;
                }
                if (bad) { rejected++; continue; }
                // Drop the baseline samples after using them: features cover onset .. +0.6 s only.
                var full = features.Extract(block);
                var perChannel = features.Samples / Decimate;
                var skip = BaselineSamples / Decimate;
                var kept = Enumerable.Range(0, features.Channels).SelectMany(c => full.Skip(c * perChannel + skip).Take(perChannel - skip)).ToArray();
                var raw = new float[features.Channels * EpochSamples];
                for (var c = 0; c < features.Channels; c++)
                {
                    var channel = block.AsSpan(c * features.Samples, features.Samples);
                    var baseline = channel[..BaselineSamples].ToArray().Average();
                    for (var t = 0; t < EpochSamples; t++) raw[c * EpochSamples + t] = (float)(channel[BaselineSamples + t] - baseline);
                }
                epochs.Add(new Epoch(f, category, kept, raw));
            }
        }
        return (epochs, rejected);
    }

    private static LinearMapping Fit(IReadOnlyList<Epoch> training, LatentCatalog prototypes, double penalty) =>
        LinearMapping.FitRidge(training.Select(e => e.Features).ToList(), training.Select(e => prototypes.Vector(e.Category).ToArray()).ToList(), penalty, prototypes.SpaceId);

    private static string Predict(LinearMapping mapping, LatentCatalog prototypes, Epoch epoch)
    {
        return Nearer(prototypes, mapping.Map(epoch.Features));
    }

    private static double ChoosePenalty(IReadOnlyList<Epoch> training, LatentCatalog prototypes)
    {
        var files = training.Select(e => e.File).Distinct().ToArray();
        return Penalties.MaxBy(p => files.Sum(held =>
        {
            var mapping = Fit(training.Where(e => e.File != held).ToList(), prototypes, p);
            return training.Where(e => e.File == held).Count(e => Predict(mapping, prototypes, e) == e.Category);
        }));
    }
}
