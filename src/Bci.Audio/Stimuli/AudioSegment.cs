namespace Bci.Audio.Stimuli;

/// <summary>One window of a stimulus, ready for an encoder: mono samples at the encoder's rate, and where it came from.</summary>
public sealed record AudioSegment(string Name, string File, double Start, double End, float[] Samples);
