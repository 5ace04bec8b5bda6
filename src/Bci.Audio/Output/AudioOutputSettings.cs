namespace Bci.Audio.Output;

/// <summary>What an output is opened with. The buffer bounds the latency; the period is the feeding granularity.</summary>
public sealed record AudioOutputSettings
{
    public int SampleRate { get; init; } = 48000;

    public int Channels { get; init; } = 2;

    /// <summary>Requested output buffer length in seconds (ALSA may grant a different size; the output reports it).</summary>
    public double BufferSeconds { get; init; } = 0.04;

    /// <summary>Period length in seconds (the block the renderer writes at a time).</summary>
    public double PeriodSeconds { get; init; } = 0.01;

    /// <summary>Sample format of the file backend's WAV.</summary>
    public Wav.WavSampleFormat FileFormat { get; init; } = Wav.WavSampleFormat.Int16;

    internal int RequestedBufferFrames => Math.Max(2, (int)Math.Round(BufferSeconds * SampleRate));

    internal int RequestedPeriodFrames => Math.Max(1, (int)Math.Round(PeriodSeconds * SampleRate));

    public IEnumerable<string> Validate()
    {
        if (SampleRate < 1000 || SampleRate > 384000) yield return $"sample rate must be 1000..384000 Hz, not {SampleRate}";
        if (Channels < 1 || Channels > 32) yield return $"channels must be 1..32, not {Channels}";
        if (!(PeriodSeconds > 0) || !(BufferSeconds >= 2 * PeriodSeconds))
            yield return $"buffer ({BufferSeconds * 1000:0.#} ms) must hold at least two periods ({PeriodSeconds * 1000:0.#} ms)";
    }
}
