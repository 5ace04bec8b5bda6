namespace Bci.Audio.Wav;

/// <summary>
/// The layout of a WAV file's samples: rate, channel count, sample format, and the WAVE_FORMAT_EXTENSIBLE details
/// (channel mask). Validated at construction.
/// </summary>
public sealed record WavFormat
{
    /// <summary>Largest channel count accepted (the field allows 65535; no real file comes close).</summary>
    public const int MaxChannels = 1024;

    public WavFormat(int sampleRate, int channels, WavSampleFormat sampleFormat, uint channelMask = 0)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sample rate must be positive");
        if (channels < 1 || channels > MaxChannels)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, $"channel count must be 1..{MaxChannels}");
        if (!Enum.IsDefined(sampleFormat)) throw new ArgumentOutOfRangeException(nameof(sampleFormat));
        SampleRate = sampleRate;
        Channels = channels;
        SampleFormat = sampleFormat;
        ChannelMask = channelMask;
    }

    public int SampleRate { get; }
    public int Channels { get; }
    public WavSampleFormat SampleFormat { get; }

    /// <summary>Speaker positions of WAVE_FORMAT_EXTENSIBLE (0 = not given).</summary>
    public uint ChannelMask { get; init; }

    public int BitsPerSample => BytesPerSample * 8;

    public int BytesPerSample => SampleFormat switch
    {
        WavSampleFormat.UInt8 => 1,
        WavSampleFormat.Int16 => 2,
        WavSampleFormat.Int24 => 3,
        WavSampleFormat.Int32 or WavSampleFormat.Float32 => 4,
        _ => 8,
    };

    public bool IsFloat => SampleFormat is WavSampleFormat.Float32 or WavSampleFormat.Float64;

    /// <summary>Bytes of one frame (one sample of every channel).</summary>
    public int BlockAlign => BytesPerSample * Channels;

    /// <summary>The default speaker mask for a channel count (front left/right first, as Windows and sox choose).</summary>
    public static uint DefaultChannelMask(int channels) => channels switch
    {
        1 => 0x4,
        2 => 0x3,
        3 => 0x7,
        4 => 0x33,
        5 => 0x37,
        6 => 0x3F,
        7 => 0x13F,
        8 => 0x63F,
        _ => 0,
    };

    public override string ToString() =>
        $"{SampleRate} Hz, {Channels} ch, {Name(SampleFormat)}";

    public static string Name(WavSampleFormat format) => format switch
    {
        WavSampleFormat.UInt8 => "8-bit unsigned PCM",
        WavSampleFormat.Int16 => "16-bit PCM",
        WavSampleFormat.Int24 => "24-bit PCM",
        WavSampleFormat.Int32 => "32-bit PCM",
        WavSampleFormat.Float32 => "32-bit float",
        _ => "64-bit float",
    };

    /// <summary>Parses "u8", "s16", "s24", "s32", "f32", "f64" (as the CLI and pipeline options write them).</summary>
    public static WavSampleFormat ParseSampleFormat(string text) => text.Trim().ToLowerInvariant() switch
    {
        "u8" or "uint8" or "8" => WavSampleFormat.UInt8,
        "s16" or "int16" or "16" => WavSampleFormat.Int16,
        "s24" or "int24" or "24" => WavSampleFormat.Int24,
        "s32" or "int32" or "32" => WavSampleFormat.Int32,
        "f32" or "float32" or "float" => WavSampleFormat.Float32,
        "f64" or "float64" or "double" => WavSampleFormat.Float64,
        _ => throw new FormatException($"unknown sample format '{text}' (expected u8, s16, s24, s32, f32 or f64)"),
    };
}
