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
        var problems = k == 2 ? 1 : k;
        var banks = new List<Matrix<double>>();
        for (var q = 0; q < problems; q++)
        {
            var a = Mean(covariances.Where((_, i) => labels[i] == q), c);
            var b = Mean(covariances.Where((_, i) => labels[i] != q), c);
            banks.Add(CommonSpatialPatterns.Fit(a, b, pairs).Filters);
        }
        var features = covariances.Select(cov => banks.SelectMany(f => CommonSpatialPatterns.Features(f, cov)).ToArray()).ToList();
        var lda = ShrinkageLda.Fit(features, labels, k);
        return new CspLdaModel(banks.Select(m => m.ToRowArrays()).ToList(), lda, c, data.Samples);
    }

    private static Matrix<double> Mean(IEnumerable<Matrix<double>> matrices, int c)
    {
        var sum = Matrix<double>.Build.Dense(c, c);
        var n = 0;
        foreach (var m in matrices)
        {
            sum += m;
            n++;
        }
        if (n == 0) throw new ArgumentException("a class has no training trial");
        return sum / n;
    }

    /// <summary>Class probabilities of one trial (C x T channel-major).</summary>
    public double[] Predict(ReadOnlySpan<float> trial)
    {
        if (trial.Length != Channels * Samples)
            throw new ArgumentException($"trial has {trial.Length} values; the model takes {Channels} channels x {Samples} samples");
        var cov = CommonSpatialPatterns.Covariance(trial, Channels, Samples);
        var features = _filters.SelectMany(f => CommonSpatialPatterns.Features(f, cov)).ToArray();
        return Lda.Probabilities(features);
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
