namespace Bci.Dsp.Filters;

/// <summary>
/// Forward-backward ("zero-phase") filtering for OFFLINE use only (training sets, analyses): it needs the whole
/// signal, including samples after the one being filtered, so it cannot run live, and a decoder trained on
/// zero-phase data sees different phases than the causal filter gives it online. Semantics of
/// scipy.signal.sosfiltfilt with its defaults: odd extension of 3 (2 n + 1 - zero-coefficient count) samples at
/// both ends, steady-state initial conditions, forward pass, backward pass, extension removed.
/// </summary>
public static class ZeroPhaseFilter
{
    /// <summary>Default pad length of scipy.signal.sosfiltfilt for these sections.</summary>
    public static int DefaultPadLength(SecondOrderSections sos)
    {
        int zerosB2 = 0, zerosA2 = 0;
        for (var s = 0; s < sos.SectionCount; s++)
        {
            if (sos[s, 2] == 0) zerosB2++;
            if (sos[s, 5] == 0) zerosA2++;
        }
        return 3 * (2 * sos.SectionCount + 1 - Math.Min(zerosB2, zerosA2));
    }

    /// <summary>Zero-phase filtered copy of one channel. Throws when the signal is not longer than the padding.</summary>
    public static double[] OfflineFiltFilt(SecondOrderSections sos, ReadOnlySpan<double> signal, int? padLength = null)
    {
        ArgumentNullException.ThrowIfNull(sos);
        var pad = padLength ?? DefaultPadLength(sos);
        var n = signal.Length;
        if (pad < 0) throw new ArgumentOutOfRangeException(nameof(padLength), pad, "pad length cannot be negative");
        if (n <= pad)
            throw new ArgumentException($"the signal ({n} samples) must be longer than the padding ({pad} samples) for zero-phase filtering", nameof(signal));

        // Odd extension: 2 x[0] - x[pad..1] before, 2 x[n-1] - x[n-2..n-pad-1] after.
        var extended = new double[n + 2 * pad];
        for (var i = 0; i < pad; i++) extended[i] = 2 * signal[0] - signal[pad - i];
        signal.CopyTo(extended.AsSpan(pad));
        for (var i = 0; i < pad; i++) extended[pad + n + i] = 2 * signal[n - 1] - signal[n - 2 - i];

        var filter = new SosFilter(sos, 1);
        filter.SetSteadyState(0, extended[0]);
        filter.Process(extended, extended);
        Array.Reverse(extended);
        filter.SetSteadyState(0, extended[0]);
        filter.Process(extended, extended);
        Array.Reverse(extended);
        return extended.AsSpan(pad, n).ToArray();
    }

    /// <summary>Zero-phase filtering of a channel-major block (C rows of T samples), e.g. a training set's epochs.</summary>
    public static double[] OfflineFiltFiltChannels(SecondOrderSections sos, ReadOnlySpan<double> channelMajor, int channels, int? padLength = null)
    {
        if (channels < 1 || channelMajor.Length % channels != 0)
            throw new ArgumentException($"{channelMajor.Length} values are not {channels} equal channels", nameof(channelMajor));
        var t = channelMajor.Length / channels;
        var result = new double[channelMajor.Length];
        for (var c = 0; c < channels; c++)
            OfflineFiltFilt(sos, channelMajor.Slice(c * t, t), padLength).CopyTo(result.AsSpan(c * t));
        return result;
    }
}
