namespace Bci.Recording;

/// <summary>
/// A file that is not what its format says: names the file and the byte offset where reading went wrong, so a
/// person can look at the bytes. Readers throw nothing else for bad input.
/// </summary>
public sealed class RecordingFormatException : Exception
{
    public RecordingFormatException(string path, long byteOffset, string message, Exception? inner = null)
        : base($"{path}: at byte {byteOffset}: {message}", inner)
    {
        FilePath = path;
        ByteOffset = byteOffset;
        Reason = message;
    }

    public string FilePath { get; }

    /// <summary>Offset from the start of the file of the field or chunk that is wrong.</summary>
    public long ByteOffset { get; }

    /// <summary>The message without the file and offset.</summary>
    public string Reason { get; }
}
