using System.Diagnostics;
using Bci.Decoding.Augmentation;
using Bci.Decoding.Model;
using Bci.Decoding.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Bci.Decoding.Training;

/// <summary>
/// Trains a <see cref="ContrastiveEncoder"/> on an <see cref="EpochSet"/>: the validation set is whole groups
/// (runs or sessions, never random epochs), AdamW with linear warm-up then cosine decay, early stopping on the
/// validation loss with the best weights restored, and seeds everywhere (libtorch, shuffling, augmentation) so
/// that the same data and seed give the same weights.
/// </summary>
public static class ContrastiveTrainer
{
    public static (TransformerDecoder Decoder, TrainingResult Result) Train(EpochSet data, TrainingConfig config, IProgress<EpochProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        var validationGroups = new HashSet<string>(config.ValidationGroups, StringComparer.Ordinal);
        var unknown = validationGroups.Where(g => !data.Groups.Contains(g)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"validation group(s) {string.Join(", ", unknown)} are not in the data (groups: {string.Join(", ", data.Groups)})");
        var train = data.Epochs.Where(e => !validationGroups.Contains(e.Group)).ToList();
        var validation = data.Epochs.Where(e => validationGroups.Contains(e.Group)).ToList();
        if (train.Count == 0) throw new ArgumentException("every epoch is in a validation group: nothing left to train on");
        if (config.Views < 1) throw new ArgumentException($"views must be >= 1 (is {config.Views})");

        if (config.Threads > 0) set_num_threads(config.Threads);
        manual_seed(config.Seed);
        var device = ComputeDevice.Resolve(config.Device);
        var crop = config.Crop > 0 ? (int)Math.Round(config.Crop * data.Rate) : data.Samples;
        if (crop < 2 || crop > data.Samples)
            throw new ArgumentException($"crop of {config.Crop} s is {crop} samples at {data.Rate} Hz; it must be 2..{data.Samples} (the epoch)");
        if (config.CropsPerTrial < 1) throw new ArgumentException($"crops per trial must be >= 1 (is {config.CropsPerTrial})");
        var cropStep = Math.Max(1, (int)Math.Round(config.CropStep * data.Rate));
        var encoderConfig = EncoderConfig.Preset(config.Size, data.Channels.Count, crop, data.Rate, data.Classes.Count);
        if (config.Customise is not null) encoderConfig = config.Customise(encoderConfig);
        var useHead = config.Objective.CrossEntropy > 0;
        if (!useHead) encoderConfig = encoderConfig with { Classes = 0 };

        var encoder = new ContrastiveEncoder(encoderConfig);
        if (config.CspSpatialInit) CspInitialisation.Apply(encoder, train, data);
        if (config.FreezeSpatialFilters)
        {
            if (!config.CspSpatialInit) throw new ArgumentException("fixed spatial filters need CSP initialisation (freeze-spatial: true with spatial-init: csp); random filters would stay random");
            encoder.FreezeSpatialFilters();
        }
        encoder = encoder.to(device);
        var objective = new ContrastiveObjective(config.Objective, data.Classes.Count, encoderConfig.EmbeddingDim, config.Seed).to(device);
        var scale = InputNormalisation.FitScale(train.Select(e => e.Data), data.Channels.Count, data.Samples);
        var decoder = new TransformerDecoder(encoder, objective, scale, data.Classes, device, data.Samples, cropStep);

        var parameters = encoder.parameters().Concat(objective.parameters()).Where(p => p.requires_grad).ToList();
        using var optimizer = optim.AdamW(parameters, config.LearningRate, weight_decay: config.WeightDecay);
        using var augmenter = new ViewAugmenter(config.Augmentation, data.Rate, config.Seed + 1);
        var shuffle = new Random(unchecked((int)config.Seed));
        var trainInputs = Prepare(train, data, scale);
        var validationInputs = Prepare(validation, data, scale);

        var history = new List<EpochProgress>();
        var earlyStopping = validation.Count > 0 && config.Patience > 0; // patience 0: the last epoch's weights, validation only reported
        var clock = Stopwatch.StartNew();
        var best = double.PositiveInfinity;
        var bestEpoch = 0;
        Dictionary<string, Tensor>? bestState = null;
        var sinceBest = 0;
        var stoppedEarly = false;
        try
        {
            for (var epoch = 1; epoch <= config.MaxEpochs; epoch++)
            {
                cancellation.ThrowIfCancellationRequested();
                var lr = Schedule(config, epoch);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;

                var (trainLoss, trainAccuracy) = TrainEpoch(encoder, objective, optimizer, augmenter, trainInputs, train, data, config, shuffle, device);
                var (validationLoss, validationAccuracy) = validation.Count > 0
                    ? Evaluate(encoder, objective, validationInputs, validation, data, decoder.CropStarts, device)
                    : (double.NaN, double.NaN);

                var monitored = validation.Count > 0 ? validationLoss : trainLoss;
                var improved = monitored < best - 1e-4;
                if (improved || bestState is null)
                {
                    best = Math.Min(best, monitored);
                    bestEpoch = epoch;
                    sinceBest = 0;
                    DisposeState(bestState);
                    bestState = Snapshot(encoder, objective);
                }
                else sinceBest++;

                var step = new EpochProgress(epoch, config.MaxEpochs, lr, trainLoss, trainAccuracy, validationLoss, validationAccuracy,
                    objective.Temperature, improved, clock.Elapsed);
                history.Add(step);
                progress?.Report(step);
                if (earlyStopping && sinceBest >= config.Patience)
                {
                    stoppedEarly = epoch < config.MaxEpochs;
                    break;
                }
            }
            if (earlyStopping && bestState is not null) Restore(encoder, objective, bestState);
        }
        catch
        {
            decoder.Dispose();
            throw;
        }
        finally
        {
            DisposeState(bestState);
        }
        encoder.eval();
        return (decoder, new TrainingResult(history, earlyStopping ? bestEpoch : history.Count, stoppedEarly, clock.Elapsed, scale));
    }

    /// <summary>Linear warm-up to the base rate, then cosine decay to 1% of it at the last epoch.</summary>
    public static double Schedule(TrainingConfig config, int epoch)
    {
        if (epoch <= config.WarmupEpochs) return config.LearningRate * epoch / (config.WarmupEpochs + 1);
        var span = Math.Max(1, config.MaxEpochs - config.WarmupEpochs);
        var progress = (double)(epoch - config.WarmupEpochs - 1) / span;
        return config.LearningRate * (0.01 + 0.99 * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }

    private static float[] Prepare(IReadOnlyList<LabeledEpoch> epochs, EpochSet data, float scale)
    {
        var size = data.Channels.Count * data.Samples;
        var all = new float[epochs.Count * size];
        for (var i = 0; i < epochs.Count; i++)
            InputNormalisation.Apply(epochs[i].Data, data.Channels.Count, data.Samples, scale, all.AsSpan(i * size, size));
        return all;
    }

    /// <summary>
    /// Items <paramref name="indices"/> cut to <paramref name="crop"/> samples from <paramref name="starts"/> (one per item):
    /// [n, C, crop], their labels and their target vectors (when every item has one).
    /// </summary>
    private static (Tensor X, Tensor Labels, Tensor? Targets) Batch(float[] inputs, IReadOnlyList<LabeledEpoch> epochs, IReadOnlyList<int> indices,
        IReadOnlyList<int> starts, int crop, EpochSet data, Device device)
    {
        var channels = data.Channels.Count;
        var size = channels * data.Samples;
        var x = new float[indices.Count * channels * crop];
        var labels = new long[indices.Count];
        var hasTargets = indices.All(i => epochs[i].Target is not null);
        var targets = hasTargets ? new float[indices.Count * epochs[indices[0]].Target!.Length] : null;
        for (var j = 0; j < indices.Count; j++)
        {
            Crops.Copy(inputs.AsSpan(indices[j] * size, size), channels, data.Samples, starts[j], crop, x.AsSpan(j * channels * crop, channels * crop));
            labels[j] = epochs[indices[j]].Label;
            if (targets is not null) epochs[indices[j]].Target!.CopyTo(targets, j * epochs[indices[j]].Target!.Length);
        }
        var xt = tensor(x, [indices.Count, channels, crop]).to(device);
        var lt = tensor(labels).to(device);
        var tt = targets is null ? null : tensor(targets, [indices.Count, targets.Length / indices.Count]).to(device);
        return (xt, lt, tt);
    }

    private static (double Loss, double Accuracy) TrainEpoch(ContrastiveEncoder encoder, ContrastiveObjective objective, optim.Optimizer optimizer,
        ViewAugmenter augmenter, float[] inputs, IReadOnlyList<LabeledEpoch> epochs, EpochSet data, TrainingConfig config, Random shuffle, Device device)
    {
        encoder.train();
        var crop = encoder.Config.Samples;
        var cropped = crop < data.Samples;
        // with crops, every trial comes back CropsPerTrial times per epoch, each time (and in each view) cut elsewhere
        var order = Enumerable.Range(0, epochs.Count).SelectMany(i => Enumerable.Repeat(i, cropped ? config.CropsPerTrial : 1)).ToArray();
        shuffle.Shuffle(order);
        double lossSum = 0;
        var correct = 0;
        var batches = 0;
        for (var start = 0; start < order.Length; start += config.BatchSize)
        {
            var indices = order.AsSpan(start, Math.Min(config.BatchSize, order.Length - start)).ToArray();
            if (indices.Length < 2 && order.Length >= 2) continue; // batch norm and contrastive terms need two items
            using var scope = NewDisposeScope();
            Tensor labels = null!;
            Tensor? targets = null;
            var views = new List<EncoderOutput>(config.Views);
            for (var v = 0; v < config.Views; v++)
            {
                var starts = indices.Select(_ => cropped ? shuffle.Next(data.Samples - crop + 1) : 0).ToArray();
                var (x, l, t) = Batch(inputs, epochs, indices, starts, crop, data, device);
                (labels, targets) = (l, t);
                views.Add(encoder.Encode(augmenter.Apply(x)));
            }
            var (loss, terms) = objective.Compute(views, labels, targets);
            optimizer.zero_grad();
            loss.backward();
            nn.utils.clip_grad_norm_(encoder.parameters(), 5.0);
            optimizer.step();
            lossSum += terms.Total;
            batches++;
            var predicted = Predicted(objective, views[0]);
            correct += (int)predicted.eq(labels).sum().item<long>();
        }
        return (batches > 0 ? lossSum / batches : double.NaN, (double)correct / order.Length);
    }

    private static Tensor Predicted(ContrastiveObjective objective, EncoderOutput output) =>
        (output.Logits ?? objective.PrototypeProbabilities(output.Embedding)).argmax(1);

    /// <summary>
    /// Loss (un-augmented, single view, over every crop) and accuracy (crop probabilities averaged, as the decoder
    /// does) of held-out epochs, in eval mode without gradients.
    /// </summary>
    private static (double Loss, double Accuracy) Evaluate(ContrastiveEncoder encoder, ContrastiveObjective objective, float[] inputs,
        IReadOnlyList<LabeledEpoch> epochs, EpochSet data, IReadOnlyList<int> cropStarts, Device device)
    {
        encoder.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        var correct = 0;
        var items = 0;
        var n = cropStarts.Count;
        var batchSize = Math.Max(1, 64 / n);
        for (var start = 0; start < epochs.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var trials = Enumerable.Range(start, Math.Min(batchSize, epochs.Count - start)).ToList();
            var indices = trials.SelectMany(i => Enumerable.Repeat(i, n)).ToList();
            var starts = trials.SelectMany(_ => cropStarts).ToList();
            var (x, labels, targets) = Batch(inputs, epochs, indices, starts, encoder.Config.Samples, data, device);
            var output = encoder.Encode(x);
            var (_, terms) = objective.Compute([output], labels, targets);
            lossSum += terms.Total * indices.Count;
            items += indices.Count;
            var probabilities = output.Logits is not null ? output.Logits.softmax(1) : objective.PrototypeProbabilities(output.Embedding);
            var predicted = probabilities.reshape(trials.Count, n, -1).mean([1]).argmax(1);
            var truth = tensor(trials.Select(i => (long)epochs[i].Label).ToArray()).to(device);
            correct += (int)predicted.eq(truth).sum().item<long>();
        }
        return (lossSum / Math.Max(1, items), (double)correct / Math.Max(1, epochs.Count));
    }

    private static Dictionary<string, Tensor> Snapshot(ContrastiveEncoder encoder, ContrastiveObjective objective)
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, value) in encoder.state_dict()) state["encoder." + name] = value.detach().clone();
        foreach (var (name, value) in objective.state_dict()) state["objective." + name] = value.detach().clone();
        return state;
    }

    private static void Restore(ContrastiveEncoder encoder, ContrastiveObjective objective, Dictionary<string, Tensor> state)
    {
        using var noGrad = no_grad();
        foreach (var (name, value) in encoder.state_dict()) value.copy_(state["encoder." + name]);
        foreach (var (name, value) in objective.state_dict()) value.copy_(state["objective." + name]);
    }

    private static void DisposeState(Dictionary<string, Tensor>? state)
    {
        if (state is null) return;
        foreach (var t in state.Values) t.Dispose();
    }
}
