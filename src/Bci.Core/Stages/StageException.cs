namespace Bci.Core.Stages;

/// <summary>An error inside a stage, naming the stage and the stream it was processing.</summary>
public sealed class StageException : Exception
{
    public StageException(string stageId, string? stageType, string? streamName, string message, Exception? inner = null)
        : base(Compose(stageId, stageType, streamName, message), inner)
    {
        StageId = stageId;
        StageType = stageType;
        StreamName = streamName;
    }

    public string StageId { get; }
    public string? StageType { get; }
    public string? StreamName { get; }

    private static string Compose(string stageId, string? stageType, string? streamName, string message) =>
        $"stage '{stageId}'{(stageType is null ? "" : $" ({stageType})")}{(streamName is null ? "" : $" on stream '{streamName}'")}: {message}";
}
