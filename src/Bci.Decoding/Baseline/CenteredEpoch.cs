using MathNet.Numerics.LinearAlgebra;

namespace Bci.Decoding.Baseline;

/// <summary>One epoch as a C x T matrix with each channel's mean removed: the start of every spatial covariance here.</summary>
public static class CenteredEpoch
{
    /// <summary>Fills <paramref name="destination"/> (C x T) with <paramref name="epoch"/> (channel-major) minus each channel's mean.</summary>
    public static void Fill(ReadOnlySpan<float> epoch, Matrix<double> destination)
    {
        var (channels, samples) = (destination.RowCount, destination.ColumnCount);
        for (var c = 0; c < channels; c++)
        {
            var row = epoch.Slice(c * samples, samples);
            double mean = 0;
            foreach (var v in row) mean += v;
            mean /= samples;
            for (var t = 0; t < samples; t++) destination[c, t] = row[t] - mean;
        }
    }
}
