using Bci.Decoding.Baseline;
using Bci.Decoding.Model;

namespace Bci.Decoding.Training;

/// <summary>
/// Starts the encoder's depthwise spatial convolution at common spatial patterns of the training epochs, instead
/// of at random (the CSP-initialised network of Jiang et al., "CSP-Net", 2023). With a hundred trials the
/// spatial layer is where a small network loses most against CSP: CSP solves for those filters in closed form from
/// every trial's covariance, the network has to find them by gradient through noisy crops. From CSP's filters
/// training refines them, or with <see cref="TrainingConfig.FreezeSpatialFilters"/> leaves them fixed, and learns
/// the temporal filters and the transformer on top: the network starts from what the baseline ends with.
/// </summary>
public static class CspInitialisation
{
    /// <summary>
    /// Fits CSP on <paramref name="train"/> (never validation or test epochs) and writes its filters into
    /// <paramref name="encoder"/>: the F1·D spatial filters take the F1·D/4 most discriminative CSP pairs (at most
    /// C/2), both ends of each pair (the filter favouring one class, then the other), each pair twice, so every
    /// pair reaches two different temporal filters; with more than two classes, the one-vs-rest banks take turns. Each filter is scaled to the mean
    /// norm of the random initialisation it replaces, so the optimiser sees weights of the usual size.
    /// </summary>
    public static void Apply(ContrastiveEncoder encoder, IReadOnlyList<LabeledEpoch> train, EpochSet data)
    {
        var config = encoder.Config;
        var channels = data.Channels.Count;
        if (channels < 2) throw new ArgumentException("CSP initialisation needs at least two channels");
        var f2 = config.TemporalFilters * config.DepthMultiplier;
        var covariances = train.Select(e => CommonSpatialPatterns.Covariance(e.Data, channels, data.Samples)).ToList();
        var labels = train.Select(e => e.Label).ToList();
        var missing = Enumerable.Range(0, data.Classes.Count).Where(k => !labels.Contains(k)).Select(k => data.Classes[k]).ToList();
        if (missing.Count > 0) throw new ArgumentException($"CSP initialisation: no training epoch of class {string.Join(", ", missing)}");

        var pairs = Math.Min(channels / 2, Math.Max(1, f2 / 4));
        var banks = CommonSpatialPatterns.FitBanks(covariances, labels, data.Classes.Count, pairs);
        var ordered = new List<double[]>();
        for (var pair = 0; pair < pairs; pair++)
            foreach (var bank in banks)
            {
                ordered.Add(bank.Row(pair).ToArray());                     // favours the bank's first set
                ordered.Add(bank.Row(bank.RowCount - 1 - pair).ToArray()); // favours the other
            }

        var current = encoder.SpatialFilters();
        var norm = current.Average(Norm);
        var filters = new float[f2][];
        for (var i = 0; i < f2; i++)
        {
            var w = ordered[i % ordered.Count];
            var scale = norm / Math.Max(Norm(w), 1e-300);
            filters[i] = w.Select(v => (float)(v * scale)).ToArray();
        }
        encoder.SetSpatialFilters(filters);
    }

    private static double Norm(float[] w) => Math.Sqrt(w.Sum(v => (double)v * v));

    private static double Norm(double[] w) => Math.Sqrt(w.Sum(v => v * v));
}
