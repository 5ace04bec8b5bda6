namespace Bci.Audio.Providers;

/// <summary>
/// A pull source of audio: interleaved float frames in [-1, 1] at a fixed rate and channel count. Providers
/// compose (a tone through a gain into a mixer through a resampler), and an output pulls the end of the chain.
/// Not thread-safe unless a type says so.
/// </summary>
public interface ISampleProvider
{
    int SampleRate { get; }

    int Channels { get; }

    /// <summary>Fills <paramref name="buffer"/> with whole frames; returns how many frames it wrote. Fewer than asked only at the end; 0 once finished.</summary>
    int Read(Span<float> buffer);
}
