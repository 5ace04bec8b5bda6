namespace Bci.Recording;

/// <summary>
/// Something wrong with a file that did not stop it from being read (a truncated last record, a footer that
/// disagrees with the data, a clock reset): what, and where in the file when that is known.
/// </summary>
public sealed record RecordingProblem(string Message, long? ByteOffset = null, string? StreamName = null)
{
    public override string ToString() =>
        $"{(StreamName is null ? "" : $"stream '{StreamName}': ")}{Message}{(ByteOffset is null ? "" : $" (byte {ByteOffset})")}";
}
