using Bci.Decoding.Training;

namespace Bci.Decoding.Tests;

public sealed class EuclideanAlignmentTests
{
    [Fact]
    public void AlignGroups_MakesEveryGroupsMeanCovarianceTheIdentity()
    {
        var data = SyntheticEpochs.Make(perClassPerGroup: 6, groups: 2);
        // the second run seen through another "head": channels mixed and scaled, as a shifted cap would
        var mixing = new double[,] { { 2, 0.5, 0, 0 }, { 0.3, 1, 0, 0.2 }, { 0, 0, 0.5, 0.1 }, { 0.1, 0, 0.4, 3 } };
        var shifted = data.Epochs.Select(e => e.Group == "run2" ? e with { Data = Mix(mixing, e.Data, 4, data.Samples) } : e).ToList();
        var set = new EpochSet(data.Channels, data.Rate, data.Samples, data.Classes, shifted);

        var aligned = EuclideanAlignment.AlignGroups(set);

        Assert.Equal(set.Epochs.Select(e => (e.Label, e.Group)), aligned.Epochs.Select(e => (e.Label, e.Group)));
        foreach (var group in aligned.Groups)
        {
            var members = aligned.Epochs.Where(e => e.Group == group).ToList();
            var mean = new double[4, 4];
            foreach (var e in members)
            {
                var x = Demeaned(e.Data, 4, data.Samples);
                for (var i = 0; i < 4; i++)
                    for (var j = 0; j < 4; j++)
                        for (var t = 0; t < data.Samples; t++) mean[i, j] += x[i][t] * x[j][t] / data.Samples / members.Count;
            }
            for (var i = 0; i < 4; i++)
                for (var j = 0; j < 4; j++) Assert.Equal(i == j ? 1.0 : 0.0, mean[i, j], 3);
        }
    }

    private static float[] Mix(double[,] m, float[] epoch, int channels, int samples)
    {
        var result = new float[epoch.Length];
        for (var i = 0; i < channels; i++)
            for (var t = 0; t < samples; t++)
                for (var c = 0; c < channels; c++) result[i * samples + t] += (float)(m[i, c] * epoch[c * samples + t]);
        return result;
    }

    private static double[][] Demeaned(float[] epoch, int channels, int samples) =>
        Enumerable.Range(0, channels).Select(c =>
        {
            var row = epoch.AsSpan(c * samples, samples).ToArray().Select(v => (double)v).ToArray();
            var mean = row.Average();
            return row.Select(v => v - mean).ToArray();
        }).ToArray();
}
