namespace Bci.Audio.Wav;

/// <summary>How one sample is stored in a WAV file's data chunk.</summary>
public enum WavSampleFormat
{
    /// <summary>8-bit unsigned integer (offset 128), the only unsigned WAV format.</summary>
    UInt8,
    Int16,
    Int24,
    Int32,
    Float32,
    Float64,
}
