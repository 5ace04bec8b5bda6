namespace Bci.Audio.Wav;

/// <summary>The outer container: classic RIFF (sizes up to 4 GiB) or RF64 (EBU Tech 3306, 64-bit sizes in a ds64 chunk).</summary>
public enum WavContainer
{
    Riff,
    Rf64,
}
