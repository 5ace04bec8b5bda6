using Bci.Alignment.Catalogs;
using Bci.Alignment.Retrieval;
using Bci.Alignment.Synthetic;
using Bci.Decoding.Augmentation;
using Bci.Decoding.Model;
using Bci.Decoding.Objectives;
using Bci.Decoding.Training;

namespace Bci.Alignment.Training;

/// <summary>
/// The contrastive decoder trained against catalog latents: <see cref="ContrastiveTrainer"/> (Bci.Decoding's
/// EEG transformer and trainer) with InfoNCE between each epoch's embedding and the latent of the item it shows,
/// the embedding sized to the catalog's dimension so the decoder's outputs live in the catalog's space. Only the
/// trials of the split's training items reach the trainer (checked in <see cref="TrainingSet"/>); held-out items
/// are then retrieved zero-shot among the held-out latents.
/// </summary>
public sealed class ContrastiveAlignment
{
    /// <summary>Training settings; <see cref="Defaults"/> suits short epochs on the CPU.</summary>
    public TrainingConfig Config { get; init; } = Defaults;

    /// <summary>Where to say that a run is being retried (null = silent).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// InfoNCE only (no class head: items outnumber trials per item), the tiny transformer, no supervised-contrastive
    /// term, light augmentation (amplitude and noise; no time shifts, which would move evoked responses).
    /// </summary>
    public static TrainingConfig Defaults { get; } = new()
    {
        Size = ModelSize.Tiny,
        MaxEpochs = 60,
        BatchSize = 64,
        LearningRate = 3e-3,
        WarmupEpochs = 3,
        Patience = 10,
        Views = 1,
        Objective = new ObjectiveWeights { InfoNce = 1, SupervisedContrastive = 0, CrossEntropy = 0 },
        Augmentation = AugmentationConfig.None with { AmplitudeScale = 0.1, NoiseLevel = 0.05 },
    };

    /// <summary>
    /// The epochs the trainer sees: trials of training items only, each with its item's latent as target; class
    /// labels index the training items. Throws if a held-out item's trial or latent would reach training.
    /// </summary>
    public static EpochSet TrainingSet(IReadOnlyList<AlignmentTrial> trials, IReadOnlyList<string> channels, double rate, int samples,
        LatentCatalog latents, ZeroShotSplit split)
    {
        var train = split.TrainingTrials(trials, t => t.Item);
        var classes = split.TrainItems.Order(StringComparer.Ordinal).ToList();
        var label = classes.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var epochs = new List<LabeledEpoch>(train.Count);
        foreach (var trial in train)
        {
            if (split.TestItems.Contains(trial.Item))
                throw new InvalidOperationException($"held-out item '{trial.Item}' reached the training set");
            var target = latents.Vector(trial.Item).ToArray();
            LatentCatalog.NormaliseInPlace(target);
            epochs.Add(new LabeledEpoch(trial.Data, label[trial.Item], trial.Group, target));
        }
        return new EpochSet(channels, rate, samples, classes, epochs);
    }

    /// <summary>Trains the decoder on the training items' trials; the embedding dimension is the catalog's.</summary>
    public (TransformerDecoder Decoder, TrainingResult Result) Train(IReadOnlyList<AlignmentTrial> trials, IReadOnlyList<string> channels, double rate,
        int samples, LatentCatalog latents, ZeroShotSplit split, IProgress<EpochProgress>? progress = null, CancellationToken cancellation = default)
    {
        var set = TrainingSet(trials, channels, rate, samples, latents, split);
        var previous = Config.Customise;
        var config = Config with
        {
            Customise = c => (previous is null ? c : previous(c)) with
            {
                EmbeddingDim = latents.Dimension,
                TemporalKernel = c.TemporalKernel > 0 ? c.TemporalKernel : Math.Max(3, Math.Min(samples / 4, (int)Math.Round(rate / 8))),
                TokenPool = Math.Clamp(samples / 8, 1, c.TokenPool),
            },
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return ContrastiveTrainer.Train(set, config, progress, cancellation);
            }
            catch (System.Runtime.InteropServices.ExternalException e) when (attempt < 3)
            {
                // libtorch occasionally rejects a scalar argument mid-run ("toFloat ... Expected false to be true",
                // seen once in ~2000 epochs under heavy load); the run is seeded, so a retry repeats it exactly up to there.
                Log?.Invoke($"contrastive training failed in libtorch ({e.Message.Split('\n')[0]}); retrying (attempt {attempt + 1} of 3)");
            }
        }
    }

    /// <summary>Embeddings of trials (unit length, in the catalog's space).</summary>
    public static IReadOnlyList<float[]> Embed(TransformerDecoder decoder, IReadOnlyList<AlignmentTrial> trials)
    {
        var result = new List<float[]>(trials.Count);
        const int batch = 256;
        for (var start = 0; start < trials.Count; start += batch)
            result.AddRange(decoder.Predict(trials.Skip(start).Take(batch).Select(t => t.Data).ToList()).Select(p => p.Embedding));
        return result;
    }

    /// <summary>
    /// Zero-shot retrieval: every test trial ranked against the latents of all held-out items (the N-way gallery);
    /// top-1 and top-5 hits.
    /// </summary>
    public static RetrievalScore Evaluate(TransformerDecoder decoder, IReadOnlyList<AlignmentTrial> trials, LatentCatalog latents, ZeroShotSplit split)
    {
        var test = split.TestTrials(trials, t => t.Item);
        var gallery = latents.Subset(split.TestItems.Order(StringComparer.Ordinal).Select(name => latents.IndexOf(name) is var i and >= 0
            ? i : throw new InvalidDataException($"held-out item '{name}' is not in the catalog {latents}")));
        var index = new LatentIndex(gallery);
        var embeddings = Embed(decoder, test);
        int top1 = 0, top5 = 0;
        for (var i = 0; i < test.Count; i++)
        {
            var hits = index.Search(embeddings[i], 5);
            if (hits[0].Name == test[i].Item) top1++;
            if (hits.Any(h => h.Name == test[i].Item)) top5++;
        }
        return new RetrievalScore(gallery.Count, test.Count, top1, top5);
    }
}
