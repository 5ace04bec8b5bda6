namespace Bci.Decoding.Augmentation;

/// <summary>
/// Random transformations that make the augmented views supervised contrastive learning compares (the
/// multi-view idea of MVCNet). A value of 0 turns a transformation off.
/// </summary>
public sealed record AugmentationConfig
{
    /// <summary>Largest time shift, in seconds, either way (the window is shifted and the gap filled with zeros).</summary>
    public double MaxShift { get; init; } = 0.1;

    /// <summary>Amplitude is multiplied by a factor drawn uniformly from [1 - s, 1 + s].</summary>
    public double AmplitudeScale { get; init; } = 0.2;

    /// <summary>Probability that a channel is zeroed.</summary>
    public double ChannelDropout { get; init; } = 0.1;

    /// <summary>Gaussian noise standard deviation relative to each channel's own standard deviation.</summary>
    public double NoiseLevel { get; init; } = 0.1;

    /// <summary>Largest frequency shift, in Hz, either way (whole spectrum moved via the analytic signal).</summary>
    public double MaxFrequencyShift { get; init; } = 1.0;

    public static AugmentationConfig None { get; } = new() { MaxShift = 0, AmplitudeScale = 0, ChannelDropout = 0, NoiseLevel = 0, MaxFrequencyShift = 0 };
}
