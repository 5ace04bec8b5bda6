namespace Bci.Core.Logging;

/// <summary>Writes log lines as "[level] source: message" to a text writer; thread-safe.</summary>
public sealed class TextWriterLog(TextWriter writer, LogLevel minimum = LogLevel.Info) : IPipelineLog
{
    private readonly Lock _gate = new();

    public void Write(LogLevel level, string source, string message)
    {
        if (level < minimum) return;
        lock (_gate)
            writer.WriteLine($"[{level.ToString().ToLowerInvariant()}] {source}: {message}");
    }
}
