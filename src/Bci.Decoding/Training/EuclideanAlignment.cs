using Bci.Decoding.Baseline;
using MathNet.Numerics.LinearAlgebra;

namespace Bci.Decoding.Training;

/// <summary>
/// Euclidean alignment (He and Wu 2019): the epochs of one group (run or session) are multiplied by R^-1/2, where R
/// is the mean spatial covariance of that group's epochs, so every group's mean covariance becomes the identity.
/// It removes what differs between sessions in the spatial covariance (electrode impedance, head position, overall
/// power) without labels, so it may be fitted on a test run's own epochs as well.
/// </summary>
public static class EuclideanAlignment
{
    /// <summary>R^-1/2 of the mean covariance X Xᵀ / T of <paramref name="epochs"/> (each C x T channel-major, channel means removed).</summary>
    public static Matrix<double> Whitening(IReadOnlyList<float[]> epochs, int channels, int samples)
    {
        if (epochs.Count == 0) throw new ArgumentException("Euclidean alignment needs at least one epoch", nameof(epochs));
        var mean = Matrix<double>.Build.Dense(channels, channels);
        var x = Matrix<double>.Build.Dense(channels, samples);
        foreach (var epoch in epochs)
        {
            CenteredEpoch.Fill(epoch, x);
            mean += x * x.Transpose() / samples;
        }
        mean /= epochs.Count;
        var evd = mean.Evd(Symmetricity.Symmetric);
        var d = evd.EigenValues.Real();
        var floor = d.Maximum() * 1e-10; // a rank-deficient montage (e.g. every channel of an average reference) keeps finite filters
        var u = evd.EigenVectors;
        return u * Matrix<double>.Build.DiagonalOfDiagonalVector(d.Map(v => 1.0 / Math.Sqrt(Math.Max(v, floor)))) * u.Transpose();
    }

    /// <summary><paramref name="whitening"/> times one epoch (C x T channel-major).</summary>
    public static float[] Apply(Matrix<double> whitening, float[] epoch, int channels, int samples)
    {
        var result = new float[epoch.Length];
        for (var i = 0; i < channels; i++)
            for (var t = 0; t < samples; t++)
            {
                double sum = 0;
                for (var c = 0; c < channels; c++) sum += whitening[i, c] * epoch[c * samples + t];
                result[i * samples + t] = (float)sum;
            }
        return result;
    }

    /// <summary>Every group of <paramref name="set"/> aligned with its own whitening.</summary>
    public static EpochSet AlignGroups(EpochSet set)
    {
        var aligned = new Dictionary<LabeledEpoch, LabeledEpoch>(ReferenceEqualityComparer.Instance);
        foreach (var group in set.Groups)
        {
            var members = set.Epochs.Where(e => e.Group == group).ToList();
            var w = Whitening(members.Select(e => e.Data).ToList(), set.Channels.Count, set.Samples);
            foreach (var e in members) aligned[e] = e with { Data = Apply(w, e.Data, set.Channels.Count, set.Samples) };
        }
        return new EpochSet(set.Channels, set.Rate, set.Samples, set.Classes, set.Epochs.Select(e => aligned[e]).ToList());
    }
}
