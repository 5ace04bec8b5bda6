namespace Bci.Hardware.Simulation;

/// <summary>
/// The deterministic mapping from a stimulus latent to its visual evoked response, shared with anything that needs
/// to predict the simulator (alignment tests): six components k with latency tau_k, width sigma_k, base amplitude
/// b_k and a scalp location; the latent z (scaled to unit length) sets each amplitude
/// a_k = b_k + gain * sum_d W[k,d] z_d with W[k,d] = sqrt(2/D) cos(pi (k+1) (2d+1) / (2D)) (rows of a DCT-II).
/// The response at a channel is sum_k a_k exp(-(t - tau_k)^2 / (2 sigma_k^2)) g_k(channel).
/// </summary>
public static class ErpModel
{
    /// <summary>Where a component sits: over the occipital pole, the left or right occipito-temporal cortex, or parietal midline.</summary>
    public enum Site { Occipital, LeftTemporal, RightTemporal, Parietal }

    public sealed record Component(string Name, double Latency, double Width, double BaseAmplitude, Site Site);

    /// <summary>P1, N1 (left and right), P2, P3, late positivity: latencies and widths in seconds, base amplitudes in microvolts.</summary>
    public static IReadOnlyList<Component> Components { get; } =
    [
        new("P1", 0.100, 0.015, 5, Site.Occipital),
        new("N1-left", 0.170, 0.020, -6, Site.LeftTemporal),
        new("N1-right", 0.170, 0.020, -6, Site.RightTemporal),
        new("P2", 0.240, 0.030, 4, Site.Occipital),
        new("P3", 0.350, 0.060, 5, Site.Parietal),
        new("LPP", 0.450, 0.080, 2, Site.Parietal),
    ];

    /// <summary>Seconds after onset beyond which the response is negligible.</summary>
    public const double Length = 0.8;

    /// <summary>a_k for a latent: the component amplitudes in microvolts.</summary>
    public static double[] Amplitudes(ReadOnlySpan<float> latent, double gain)
    {
        var d = latent.Length;
        var norm = 0.0;
        foreach (var v in latent) norm += v * (double)v;
        norm = norm > 0 ? Math.Sqrt(norm) : 1;
        var amplitudes = new double[Components.Count];
        for (var k = 0; k < amplitudes.Length; k++)
        {
            var projection = 0.0;
            for (var i = 0; i < d; i++) projection += Weight(k, i, d) * latent[i] / norm;
            amplitudes[k] = Components[k].BaseAmplitude + gain * projection;
        }
        return amplitudes;
    }

    /// <summary>W[k, i] for latent dimension D.</summary>
    public static double Weight(int k, int i, int d) => Math.Sqrt(2.0 / d) * Math.Cos(Math.PI * (k + 1) * (2 * i + 1) / (2.0 * d));

    /// <summary>The time course of component k at <paramref name="t"/> seconds after onset (peak 1).</summary>
    public static double Shape(int k, double t)
    {
        var c = Components[k];
        var x = (t - c.Latency) / c.Width;
        return Math.Exp(-0.5 * x * x);
    }
}
