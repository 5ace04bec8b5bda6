namespace Bci.Dsp.Filters;

/// <summary>Tapers for windowed-sinc FIR design (symmetric, as scipy.signal.get_window(..., fftbins=False)).</summary>
public enum FirWindow
{
    Hamming,
    Hann,
    Blackman,
    Rectangular,
    Kaiser,
}
