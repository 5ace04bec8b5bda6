namespace Bci.Audio.Stimuli;

/// <summary>
/// Turns audio segments into latent vectors (an ONNX model, in the alignment project, implements it over the
/// same runtime its image encoders use). Segments arrive as <see cref="AudioFraming"/> declares them.
/// </summary>
public interface IAudioEncoder
{
    AudioFraming Framing { get; }

    /// <summary>One latent per segment, in order; all of one length.</summary>
    float[][] Encode(IReadOnlyList<AudioSegment> segments, CancellationToken cancellation = default);
}
