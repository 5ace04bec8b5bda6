namespace Bci.Audio.Wav;

/// <summary>How a <see cref="WavWriter"/> lays out its header.</summary>
public sealed record WavWriterOptions
{
    /// <summary>WAVE_FORMAT_EXTENSIBLE: null chooses it for more than 2 channels or more than 16 bits.</summary>
    public bool? Extensible { get; init; }

    /// <summary>Reserve room for an RF64 'ds64' chunk so files over 4 GiB can be written; off, such a write throws.</summary>
    public bool AllowRf64 { get; init; } = true;

    /// <summary>Optional comment stored in a LIST/INFO 'ICMT' chunk (e.g. the LSL time of the first frame).</summary>
    public string? Comment { get; init; }
}
