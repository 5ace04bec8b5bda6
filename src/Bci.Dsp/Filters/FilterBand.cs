namespace Bci.Dsp.Filters;

/// <summary>Which frequencies a filter keeps.</summary>
public enum FilterBand
{
    Lowpass,
    Highpass,
    Bandpass,
    Bandstop,
}
