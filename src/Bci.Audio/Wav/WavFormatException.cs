namespace Bci.Audio.Wav;

/// <summary>A WAV file that cannot be read: names the file and the byte offset where the problem is.</summary>
public sealed class WavFormatException : IOException
{
    public WavFormatException(string source, long byteOffset, string problem)
        : base($"{source}: byte {byteOffset}: {problem}")
    {
        Source = source;
        ByteOffset = byteOffset;
        Problem = problem;
    }

    /// <summary>The file name (or a description of the stream) that was being read.</summary>
    public new string Source { get; }

    public long ByteOffset { get; }

    public string Problem { get; }
}
