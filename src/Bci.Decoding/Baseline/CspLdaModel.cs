using System.Text.Json;
using Bci.Decoding.Checkpoints;
using Bci.Decoding.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Bci.Decoding.Baseline;

/// <summary>
/// The baseline decoder: CSP filters (two classes: one set; more: one-vs-rest per class) + shrinkage LDA on the
/// log-variance features. Saved like the transformer: a folder with manifest.json and csp-lda.json.
/// </summary>
public sealed class CspLdaModel
{
    public const string WeightsFile = "csp-lda.json";

    public CspLdaModel(IReadOnlyList<double[][]> filters, ShrinkageLda lda, int channels, int samples)
    {
        Filters = filters;
        Lda = lda;
        Channels = channels;
        Samples = samples;
        _filters = filters.Select(f => Matrix<double>.Build.DenseOfRowArrays(f)).ToList();
    }

    private readonly List<Matrix<double>> _filters;

    /// <summary>One filter bank (rows = filters, columns = channels) per one-vs-rest problem.</summary>
    public IReadOnlyList<double[][]> Filters { get; }
    public ShrinkageLda Lda { get; }
    public int Channels { get; }
    public int Samples { get; }

    public static CspLdaModel Train(EpochSet data, int pairs = 3, IReadOnlyCollection<string>? excludeGroups = null)
    {
        var epochs = data.Epochs.Where(e => excludeGroups is null || !excludeGroups.Contains(e.Group)).ToList();
        var c = data.Channels.Count;
        var covariances = epochs.Select(e => CommonSpatialPatterns.Covariance(e.Data, c, data.Samples)).ToList();
        var labels = epochs.Select(e => e.Label).ToList();
        var k = data.Classes.Count;
        var banks = CommonSpatialPatterns.FitBanks(covariances, labels, k, pairs);
        var features = covariances.Select(cov => banks.SelectMany(f => CommonSpatialPatterns.Features(f, cov)).ToArray()).ToList();
        var lda = ShrinkageLda.Fit(features, labels, k);
        return new CspLdaModel(banks.Select(m => m.ToRowArrays()).ToList(), lda, c, data.Samples);
    }

    /// <summary>Class probabilities of one trial (C x T channel-major).</summary>
    /// <remarks>
    /// Computes the same features as <see cref="CommonSpatialPatterns.Features"/> on the trial's covariance, but
    /// without forming the C x C covariance: w·Σ·w is the power of the filtered signal w·X (centred), and the
    /// covariance's trace normalisation cancels in the log-ratio. That is 2·pairs filters x C x T multiply-adds
    /// instead of C x C x T, which keeps a 64-channel window at 1 kHz well under a millisecond.
    /// </remarks>
    public double[] Predict(ReadOnlySpan<float> trial)
    {
        if (trial.Length != Channels * Samples)
            throw new ArgumentException($"trial has {trial.Length} values; the model takes {Channels} channels x {Samples} samples");
        var means = new double[Channels];
        for (var c = 0; c < Channels; c++)
        {
            double sum = 0;
            foreach (var v in trial.Slice(c * Samples, Samples)) sum += v;
            means[c] = sum / Samples;
        }
        var projected = new double[Samples];
        var features = new List<double>();
        foreach (var bank in Filters)
        {
            var variances = new double[bank.Length];
            for (var i = 0; i < bank.Length; i++)
            {
                Array.Clear(projected);
                var w = bank[i];
                for (var c = 0; c < Channels; c++)
                {
                    var weight = w[c];
                    var mean = means[c];
                    var row = trial.Slice(c * Samples, Samples);
                    for (var t = 0; t < Samples; t++) projected[t] += weight * (row[t] - mean);
                }
                double power = 0;
                foreach (var y in projected) power += y * y;
                variances[i] = power;
            }
            var total = variances.Sum();
            features.AddRange(variances.Select(v => Math.Log(Math.Max(v, 1e-300) / Math.Max(total, 1e-300))));
        }
        return Lda.Probabilities(features.ToArray());
    }

    /// <summary>The reference computation of <see cref="Predict"/>: CSP features from the full trial covariance.</summary>
    public double[] PredictFromCovariance(ReadOnlySpan<float> trial)
    {
        var cov = CommonSpatialPatterns.Covariance(trial, Channels, Samples);
        return Lda.Probabilities(_filters.SelectMany(f => CommonSpatialPatterns.Features(f, cov)).ToArray());
    }

    private sealed record Stored(IReadOnlyList<double[][]> Filters, double[][] LdaWeights, double[] LdaBiases, double Shrinkage, int Channels, int Samples);

    public void Save(string folder, ModelManifest manifest)
    {
        Directory.CreateDirectory(folder);
        var stored = new Stored(Filters, Lda.Weights, Lda.Biases, Lda.Shrinkage, Channels, Samples);
        File.WriteAllText(Path.Combine(folder, WeightsFile), JsonSerializer.Serialize(stored));
        manifest.Save(Path.Combine(folder, TransformerCheckpoint.ManifestFile));
    }

    public static (CspLdaModel Model, ModelManifest Manifest) Load(string path)
    {
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var manifest = ModelManifest.Load(Path.Combine(folder, TransformerCheckpoint.ManifestFile));
        if (manifest.Kind != ModelManifest.CspLdaKind)
            throw new InvalidDataException($"{folder}: checkpoint is a '{manifest.Kind}' model, not {ModelManifest.CspLdaKind} (use the matching stage)");
        var file = Path.Combine(folder, WeightsFile);
        if (!File.Exists(file)) throw new FileNotFoundException($"{folder}: {WeightsFile} is missing", file);
        var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(file)) ?? throw new InvalidDataException($"{file}: empty");
        return (new CspLdaModel(stored.Filters, new ShrinkageLda(stored.LdaWeights, stored.LdaBiases, stored.Shrinkage), stored.Channels, stored.Samples), manifest);
    }
}
