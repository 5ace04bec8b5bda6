using Bci.Decoding.Baseline;
using Bci.Decoding.Checkpoints;
using Bci.Decoding.Model;
using Bci.Decoding.Objectives;
using Bci.Decoding.Training;

namespace Bci.Cli.Bench;

/// <summary>
/// Checkpoints for the latency benchmark, written to a scratch folder and loaded by the real decode / csp-lda
/// stages. A decoder's compute per window depends on its shapes, not on its weights, so the transformer is the
/// tiny preset with its initial weights and CSP+LDA is fitted to windows of the simulated signal with alternating
/// labels: fast to make, identical in cost to trained ones of the same shape.
/// </summary>
public static class BenchModels
{
    private static readonly string[] Classes = ["T1", "T2"];

    /// <summary>
    /// Writes a <paramref name="kind"/> checkpoint for windows of <paramref name="channels"/> x <paramref name="samples"/>
    /// to <paramref name="folder"/>; returns what it is, for the report.
    /// </summary>
    /// <param name="trainingWindows">Channel-major windows in volts (used by CSP+LDA only).</param>
    public static string Write(DecoderKind kind, string folder, IReadOnlyList<string> channels, double rate, int samples, IReadOnlyList<float[]> trainingWindows)
    {
        switch (kind)
        {
            case DecoderKind.Transformer:
                var parameters = WriteTransformer(folder, channels, rate, samples);
                return $"contrastive transformer, tiny preset, {parameters:N0} parameters, initial weights, {channels.Count} ch x {samples} samples";
            case DecoderKind.CspLda:
                var epochs = trainingWindows.Select((w, i) => new LabeledEpoch(w, i % 2, "bench")).ToList();
                var model = CspLdaModel.Train(new EpochSet(channels, rate, samples, Classes, epochs), pairs: 3);
                model.Save(folder, new ModelManifest
                {
                    Kind = ModelManifest.CspLdaKind, Name = "bench-csp-lda", Channels = channels, Rate = rate, Samples = samples, Classes = Classes,
                });
                return $"CSP (3 pairs) + shrinkage LDA, {channels.Count} ch x {samples} samples";
            default:
                return "no decoder (each window passed on as uniform probabilities)";
        }
    }

    private static long WriteTransformer(string folder, IReadOnlyList<string> channels, double rate, int samples)
    {
        var config = EncoderConfig.Preset(ModelSize.Tiny, channels.Count, samples, rate, Classes.Length);
        var weights = new ObjectiveWeights();
        var encoder = new ContrastiveEncoder(config);
        var objective = new ContrastiveObjective(weights, Classes.Length, config.EmbeddingDim, 1);
        using var decoder = new TransformerDecoder(encoder, objective, 1e5f, Classes, TorchSharp.torch.CPU);
        TransformerCheckpoint.Save(folder, decoder, new ModelManifest
        {
            Kind = ModelManifest.TransformerKind, Name = "bench-transformer-tiny", Channels = channels, Rate = rate, Samples = samples, Classes = Classes,
            Encoder = config, Objective = weights, ParameterCount = encoder.ParameterCount, InputScale = 1e5f,
        });
        return encoder.ParameterCount;
    }
}
