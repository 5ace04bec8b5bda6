using Bci.Alignment.Formats;
using MathNet.Numerics.LinearAlgebra;

namespace Bci.Alignment.Training;

/// <summary>
/// latent = ((features - mean) / scale) . Weight + Bias, mapping frozen brain features (an epoch's samples, or a
/// frozen decoder's embedding) into a world model's latent space. Fitted by ridge regression or orthogonal
/// Procrustes; saved as .safetensors (tensors weight, bias, mean, scale; identity and feature layout in
/// __metadata__). Immutable.
/// </summary>
public sealed class LinearMapping
{
    private readonly float[] _weight; // F x D row-major
    private readonly float[] _bias;
    private readonly float[] _mean;
    private readonly float[] _scale;

    public LinearMapping(MappingKind kind, string spaceId, EpochFeatures? features, float[] weight, float[] bias, float[] mean, float[] scale, double penalty = 0)
    {
        if (mean.Length == 0 || bias.Length == 0 || weight.Length != mean.Length * bias.Length || scale.Length != mean.Length)
            throw new ArgumentException($"mapping shapes do not agree: weight {weight.Length}, {mean.Length} features, {bias.Length} latent dims");
        Kind = kind;
        SpaceId = spaceId;
        Features = features;
        Penalty = penalty;
        (_weight, _bias, _mean, _scale) = (weight, bias, mean, scale);
    }

    public MappingKind Kind { get; }
    public string SpaceId { get; }

    /// <summary>How features are read from epochs (null when the mapping reads embeddings).</summary>
    public EpochFeatures? Features { get; }

    public double Penalty { get; }
    public int InputDimension => _mean.Length;
    public int OutputDimension => _bias.Length;

    public float[] Map(ReadOnlySpan<float> features)
    {
        if (features.Length != InputDimension)
            throw new ArgumentException($"mapping to '{SpaceId}' expects {InputDimension} features, got {features.Length}");
        var z = (float[])_bias.Clone();
        var d = OutputDimension;
        for (var f = 0; f < features.Length; f++)
        {
            var x = (features[f] - _mean[f]) / _scale[f];
            if (x == 0) continue;
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_weight.AsSpan(f * d, d), x, z, z);
        }
        return z;
    }

    /// <summary>Ridge regression; <paramref name="penalty"/> is relative to the mean feature variance (1 = as large).</summary>
    public static LinearMapping FitRidge(IReadOnlyList<float[]> x, IReadOnlyList<float[]> y, double penalty, string spaceId, EpochFeatures? features = null)
    {
        var (xs, mean, scale, ym, yMean) = Prepare(x, y);
        var n = xs.RowCount;
        var f = xs.ColumnCount;
        var lambda = penalty * n; // standardised features: each column has n * variance 1 on the diagonal of X'X
        Matrix<double> w;
        if (f <= n)
        {
            var gram = xs.TransposeThisAndMultiply(xs) + Matrix<double>.Build.DenseIdentity(f) * lambda;
            w = gram.Cholesky().Solve(xs.TransposeThisAndMultiply(ym));
        }
        else
        {
            // Dual form when there are more features than trials: W = X' (X X' + lambda I)^-1 Y.
            var gram = xs.TransposeAndMultiply(xs) + Matrix<double>.Build.DenseIdentity(n) * lambda;
            w = xs.TransposeThisAndMultiply(gram.Cholesky().Solve(ym));
        }
        return Build(MappingKind.Ridge, spaceId, features, w, yMean, mean, scale, penalty);
    }

    /// <summary>Orthogonal Procrustes: W = U V' from the SVD of X'Y (semi-orthogonal when dimensions differ), times the least-squares scale.</summary>
    public static LinearMapping FitProcrustes(IReadOnlyList<float[]> x, IReadOnlyList<float[]> y, string spaceId, EpochFeatures? features = null)
    {
        var (xs, mean, scale, ym, yMean) = Prepare(x, y);
        var svd = xs.TransposeThisAndMultiply(ym).Svd(computeVectors: true);
        var k = Math.Min(xs.ColumnCount, ym.ColumnCount);
        var u = svd.U.SubMatrix(0, xs.ColumnCount, 0, k);
        var vt = svd.VT.SubMatrix(0, k, 0, ym.ColumnCount);
        var rotation = u * vt;
        var projected = xs * rotation;
        var s = projected.PointwiseMultiply(ym).Enumerate().Sum() / Math.Max(1e-12, projected.PointwiseMultiply(projected).Enumerate().Sum());
        return Build(MappingKind.Procrustes, spaceId, features, rotation * s, yMean, mean, scale, 0);
    }

    public void Save(string path)
    {
        var meta = new Dictionary<string, string>
        {
            ["kind"] = Kind.ToString().ToLowerInvariant(),
            ["space_id"] = SpaceId,
            ["penalty"] = Penalty.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (Features is { } ef)
        {
            meta["channels"] = ef.Channels.ToString(System.Globalization.CultureInfo.InvariantCulture);
            meta["samples"] = ef.Samples.ToString(System.Globalization.CultureInfo.InvariantCulture);
            meta["decimate"] = ef.Decimate.ToString(System.Globalization.CultureInfo.InvariantCulture);
            meta["baseline_samples"] = ef.BaselineSamples.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        SafetensorsFile.Write(path,
        [
            ("weight", [InputDimension, OutputDimension], _weight),
            ("bias", [OutputDimension], _bias),
            ("mean", [InputDimension], _mean),
            ("scale", [InputDimension], _scale),
        ], meta);
    }

    public static LinearMapping Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"mapping '{path}' does not exist", path);
        var contents = SafetensorsFile.Read(path);
        float[] Tensor(string name) => contents.Tensors.TryGetValue(name, out var t) ? t.Values
            : throw new InvalidDataException($"{path}: mapping tensor '{name}' is missing (weight, bias, mean, scale are needed)");
        var meta = contents.Metadata;
        int Int(string key) => int.Parse(meta[key], System.Globalization.CultureInfo.InvariantCulture);
        var features = meta.ContainsKey("channels") ? new EpochFeatures(Int("channels"), Int("samples"), Int("decimate"), Int("baseline_samples")) : null;
        var kind = Enum.TryParse<MappingKind>(meta.GetValueOrDefault("kind", "ridge"), true, out var k) ? k : MappingKind.Ridge;
        return new LinearMapping(kind, meta.GetValueOrDefault("space_id", ""), features, Tensor("weight"), Tensor("bias"), Tensor("mean"), Tensor("scale"),
            double.Parse(meta.GetValueOrDefault("penalty", "0"), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static (Matrix<double> X, float[] Mean, float[] Scale, Matrix<double> Y, float[] YMean) Prepare(IReadOnlyList<float[]> x, IReadOnlyList<float[]> y)
    {
        if (x.Count != y.Count || x.Count < 2)
            throw new ArgumentException($"fitting needs >= 2 pairs of features and latents (got {x.Count} and {y.Count})");
        var f = x[0].Length;
        var d = y[0].Length;
        var xm = Matrix<double>.Build.Dense(x.Count, f, (r, c) => x[r][c]);
        var ym = Matrix<double>.Build.Dense(y.Count, d, (r, c) => y[r][c]);
        var mean = new float[f];
        var scale = new float[f];
        for (var c = 0; c < f; c++)
        {
            var column = xm.Column(c);
            var m = column.Average();
            var sd = Math.Sqrt(column.Select(v => (v - m) * (v - m)).Sum() / x.Count);
            mean[c] = (float)m;
            scale[c] = sd > 1e-12 ? (float)sd : 1f;
            for (var r = 0; r < x.Count; r++) xm[r, c] = (xm[r, c] - mean[c]) / scale[c];
        }
        var yMean = new float[d];
        for (var c = 0; c < d; c++)
        {
            var m = ym.Column(c).Average();
            yMean[c] = (float)m;
            for (var r = 0; r < y.Count; r++) ym[r, c] -= m;
        }
        return (xm, mean, scale, ym, yMean);
    }

    private static LinearMapping Build(MappingKind kind, string spaceId, EpochFeatures? features, Matrix<double> w, float[] bias, float[] mean, float[] scale, double penalty)
    {
        var weight = new float[w.RowCount * w.ColumnCount];
        for (var r = 0; r < w.RowCount; r++)
            for (var c = 0; c < w.ColumnCount; c++)
                weight[r * w.ColumnCount + c] = (float)w[r, c];
        return new LinearMapping(kind, spaceId, features, weight, bias, mean, scale, penalty);
    }
}
