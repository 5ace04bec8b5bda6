namespace Bci.Audio.Providers;

/// <summary>Plays frames held in memory (a cue sound loaded once and played many times: each play gets its own provider over the shared array).</summary>
public sealed class BufferProvider(float[] interleaved, int sampleRate, int channels) : ISampleProvider
{
    private int _position;

    public int SampleRate { get; } = sampleRate > 0 ? sampleRate : throw new ArgumentOutOfRangeException(nameof(sampleRate));
    public int Channels { get; } = channels > 0 && interleaved.Length % channels == 0
        ? channels
        : throw new ArgumentException($"{interleaved.Length} values are not whole frames of {channels} channels");

    public long TotalFrames => interleaved.Length / Channels;

    public int Read(Span<float> buffer)
    {
        var n = Math.Min(buffer.Length / Channels * Channels, interleaved.Length - _position);
        interleaved.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n / Channels;
    }

    /// <summary>Reads a whole provider into memory (for short sounds), refusing more than <paramref name="maxFrames"/>.</summary>
    public static float[] ReadAll(ISampleProvider source, long maxFrames)
    {
        var all = new List<float>();
        var block = new float[4096 * source.Channels];
        int n;
        while ((n = source.Read(block)) > 0)
        {
            all.AddRange(block.AsSpan(0, n * source.Channels));
            if (all.Count / source.Channels > maxFrames)
                throw new InvalidOperationException($"the sound is longer than {maxFrames} frames ({maxFrames / (double)source.SampleRate:0.#} s); cue sounds must be short");
        }
        return [.. all];
    }
}
