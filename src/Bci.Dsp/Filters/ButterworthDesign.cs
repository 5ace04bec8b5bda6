namespace Bci.Dsp.Filters;

/// <summary>
/// Digital Butterworth filters of any order as second-order sections: analog prototype, frequency transformation,
/// bilinear transform with pre-warped cut-offs, then pairing of poles and zeros into sections. The result equals
/// scipy.signal.butter(order, cutoffs, btype, output='sos', fs=rate) to rounding (golden tests). A band-pass or
/// band-stop of order N has 2N poles (N sections), as in scipy and MNE.
/// </summary>
public static class ButterworthDesign
{
    public static SecondOrderSections Lowpass(int order, double cutoff, double rate) => Design(FilterBand.Lowpass, order, cutoff, 0, rate);

    public static SecondOrderSections Highpass(int order, double cutoff, double rate) => Design(FilterBand.Highpass, order, cutoff, 0, rate);

    public static SecondOrderSections Bandpass(int order, double low, double high, double rate) => Design(FilterBand.Bandpass, order, low, high, rate);

    public static SecondOrderSections Bandstop(int order, double low, double high, double rate) => Design(FilterBand.Bandstop, order, low, high, rate);

    /// <summary>
    /// Designs a filter. For low/high-pass <paramref name="high"/> is ignored; all frequencies in hertz, strictly
    /// between 0 and rate / 2.
    /// </summary>
    public static SecondOrderSections Design(FilterBand band, int order, double low, double high, double rate)
    {
        if (order < 1 || order > 64)
            throw new ArgumentOutOfRangeException(nameof(order), order, "Butterworth order must be 1..64");
        if (!(rate > 0) || !double.IsFinite(rate))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "sampling rate must be a positive number of hertz");
        var nyquist = rate / 2;
        CheckFrequency(low, nyquist, nameof(low));
        var twoEdges = band is FilterBand.Bandpass or FilterBand.Bandstop;
        if (twoEdges)
        {
            CheckFrequency(high, nyquist, nameof(high));
            if (!(low < high))
                throw new ArgumentException($"{band}: low edge {low} Hz must be below high edge {high} Hz");
        }

        // Work at fs = 2 with frequencies normalised to Nyquist, exactly as scipy.signal.iirfilter does.
        const double fs = 2.0;
        double Warp(double f) => 2 * fs * Math.Tan(Math.PI * (2 * f / rate) / fs);

        var prototype = AnalogPrototype.Butterworth(order);
        ZeroPoleGain analog;
        switch (band)
        {
            case FilterBand.Lowpass:
                analog = AnalogPrototype.LowpassToLowpass(prototype, Warp(low));
                break;
            case FilterBand.Highpass:
                analog = AnalogPrototype.LowpassToHighpass(prototype, Warp(low));
                break;
            case FilterBand.Bandpass:
            case FilterBand.Bandstop:
            {
                var w1 = Warp(low);
                var w2 = Warp(high);
                var bw = w2 - w1;
                var wo = Math.Sqrt(w1 * w2);
                analog = band == FilterBand.Bandpass
                    ? AnalogPrototype.LowpassToBandpass(prototype, wo, bw)
                    : AnalogPrototype.LowpassToBandstop(prototype, wo, bw);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(band), band, "unknown band");
        }
        return SectionPairing.ToSections(AnalogPrototype.Bilinear(analog, fs));
    }

    private static void CheckFrequency(double f, double nyquist, string name)
    {
        if (!(f > 0 && f < nyquist))
            throw new ArgumentOutOfRangeException(name, f, $"cut-off must lie strictly between 0 and the Nyquist frequency {nyquist} Hz");
    }
}
