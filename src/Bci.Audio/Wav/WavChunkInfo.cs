namespace Bci.Audio.Wav;

/// <summary>One chunk met while reading a WAV header: its four-character id, where its body starts, and its size.</summary>
public sealed record WavChunkInfo(string Id, long BodyOffset, long Size);
