namespace Bci.Audio.Stages;

/// <summary>What a feedback value drives.</summary>
public enum FeedbackMapping
{
    Pitch,
    Loudness,
    Both,
}
