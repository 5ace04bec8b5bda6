using System.Collections.Concurrent;

namespace Bci.Core.Logging;

/// <summary>Keeps every log line in memory: for tests and for summaries printed at the end of a run.</summary>
public sealed class MemoryLog : IPipelineLog
{
    private readonly ConcurrentQueue<(LogLevel Level, string Source, string Message)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Source, string Message)> Lines => _lines.ToArray();

    public void Write(LogLevel level, string source, string message) => _lines.Enqueue((level, source, message));
}
