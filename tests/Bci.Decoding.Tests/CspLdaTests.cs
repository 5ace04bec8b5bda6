using System.Text.Json;
using Bci.Decoding.Baseline;
using Bci.Decoding.Checkpoints;
using MathNet.Numerics.LinearAlgebra;

namespace Bci.Decoding.Tests;

/// <summary>CSP + shrinkage LDA against SciPy and scikit-learn (golden/make_golden.py) and on the synthetic set.</summary>
public sealed class CspLdaTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bci-decoding-tests", Guid.NewGuid().ToString("N"));

    private static JsonElement Golden() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "golden", "csp_lda.json"))).RootElement;

    private static double[][] Rows(JsonElement e) => e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();

    [Fact]
    public void Csp_EigenvaluesEqualScipysGeneralisedEigenproblem()
    {
        var g = Golden();
        int channels = g.GetProperty("channels").GetInt32(), samples = g.GetProperty("samples").GetInt32();
        var trials = g.GetProperty("trials").EnumerateArray().Select(t => Rows(t).SelectMany(r => r).Select(v => (float)v).ToArray()).ToList();
        var labels = g.GetProperty("labels").EnumerateArray().Select(l => l.GetInt32()).ToList();
        Matrix<double> Mean(int label)
        {
            var covs = trials.Where((_, i) => labels[i] == label).Select(t => CommonSpatialPatterns.Covariance(t, channels, samples)).ToList();
            return covs.Aggregate((a, b) => a + b) / covs.Count;
        }

        var (filters, eigenvalues) = CommonSpatialPatterns.Fit(Mean(0), Mean(1), pairs: 1);

        var expected = g.GetProperty("csp_eigenvalues").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        // trials are float32 in C#: agreement to ~1e-6
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], eigenvalues[i], 5);
        Assert.Equal(2, filters.RowCount);
    }

    [Fact]
    public void LedoitWolf_EqualsScikitLearn()
    {
        var g = Golden();
        var centred = Matrix<double>.Build.DenseOfRowArrays(Rows(g.GetProperty("lw_centred")));

        var (covariance, shrinkage) = ShrinkageLda.LedoitWolf(centred);

        Assert.Equal(g.GetProperty("lw_shrinkage").GetDouble(), shrinkage, 10);
        var expected = Rows(g.GetProperty("lw_covariance"));
        for (var i = 0; i < expected.Length; i++)
            for (var j = 0; j < expected[i].Length; j++)
                Assert.Equal(expected[i][j], covariance[i, j], 10);
    }

    [Fact]
    public void CspLda_DecodesAHeldOutRunOfTheSyntheticSet()
    {
        var data = SyntheticEpochs.Make(perClassPerGroup: 12, groups: 3);

        var model = CspLdaModel.Train(data, pairs: 1, excludeGroups: ["run3"]);

        var heldOut = data.Epochs.Where(e => e.Group == "run3").ToList();
        var correct = heldOut.Count(e =>
        {
            var p = model.Predict(e.Data);
            Assert.Equal(1.0, p.Sum(), 9);
            return Array.IndexOf(p, p.Max()) == e.Label;
        });
        Assert.True(correct >= 0.9 * heldOut.Count, $"{correct}/{heldOut.Count}");
    }

    [Fact]
    public void CspLda_Predict_EqualsTheCovariancePath()
    {
        var data = SyntheticEpochs.Make(perClassPerGroup: 6, groups: 2, channels: 8, samples: 200);
        var model = CspLdaModel.Train(data, pairs: 2);
        var random = new Random(3);
        foreach (var epoch in data.Epochs.Take(6).Select(e => e.Data).Append(SyntheticEpochs.Window(random, 0, 8, 200, 128).Select(v => v + 1e-4f).ToArray()))
        {
            var fast = model.Predict(epoch);
            var reference = model.PredictFromCovariance(epoch);
            for (var k = 0; k < fast.Length; k++) Assert.Equal(reference[k], fast[k], 9);
        }
    }

    [Fact]
    public void CspLda_SaveThenLoad_GivesIdenticalProbabilities()
    {
        var data = SyntheticEpochs.Make(perClassPerGroup: 6, groups: 2);
        var model = CspLdaModel.Train(data, pairs: 2);
        var manifest = new ModelManifest { Kind = ModelManifest.CspLdaKind, Name = "b", Channels = data.Channels, Rate = data.Rate, Samples = data.Samples, Classes = data.Classes };

        model.Save(_folder, manifest);
        var (loaded, back) = CspLdaModel.Load(_folder);

        Assert.Equal(ModelManifest.CspLdaKind, back.Kind);
        foreach (var e in data.Epochs.Take(6)) Assert.Equal(model.Predict(e.Data), loaded.Predict(e.Data));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
