using System.Reactive.Concurrency;
using Bci.Core.Health;
using Bci.Core.Logging;
using Bci.Core.Time;

namespace Bci.Core.Stages;

/// <summary>
/// What a stage gets from the runner: its id, the scheduler for anything that waits (virtual time in tests),
/// the clock, the log, its health counters, the stop signal, and the folder relative paths are resolved from.
/// </summary>
public sealed class StageContext
{
    public StageContext(string stageId, IScheduler? scheduler = null, IClock? clock = null, IPipelineLog? log = null,
        CancellationToken stopping = default, string? baseDirectory = null, HealthCounters? health = null)
    {
        StageId = stageId;
        Scheduler = scheduler ?? DefaultScheduler.Instance;
        Clock = clock ?? LslClock.Instance;
        Log = log ?? new TextWriterLog(Console.Error);
        Stopping = stopping;
        BaseDirectory = baseDirectory ?? Environment.CurrentDirectory;
        Health = health ?? new HealthCounters(stageId);
    }

    public string StageId { get; }
    public IScheduler Scheduler { get; }
    public IClock Clock { get; }
    public IPipelineLog Log { get; }

    /// <summary>Cancelled when the run should stop: sources complete their streams, sinks then flush.</summary>
    public CancellationToken Stopping { get; }

    public string BaseDirectory { get; }
    public HealthCounters Health { get; }

    public void Info(string message) => Log.Write(LogLevel.Info, StageId, message);

    public void Warn(string message) => Log.Write(LogLevel.Warning, StageId, message);

    /// <summary>Resolves a path written in a pipeline file relative to that file's folder.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(BaseDirectory, path));
}
