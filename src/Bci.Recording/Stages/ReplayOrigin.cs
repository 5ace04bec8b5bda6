using Bci.Core.Stages;

namespace Bci.Recording.Stages;

/// <summary>
/// The moment a replay starts, shared by the replay sources of one run so that data and markers from one file
/// get the same time shift. The runner subscribes sources one after another, and the first subscription of a run
/// can take a noticeable time (code is compiled on first use), so each source taking its own start would put the
/// markers off the data by that time (0.1-0.2 s measured under load). The start is kept per run, keyed by the
/// run's stop signal, and forgotten when that run stops, so parallel runs stay independent; a context without a
/// stop signal (a bare test context) gets its own start every time.
/// </summary>
public sealed class ReplayOrigin
{
    /// <summary>The one table every replay source uses: per-run state, keyed by run, so no run sees another's.</summary>
    public static ReplayOrigin PerRun { get; } = new();

    private readonly Dictionary<CancellationToken, (DateTimeOffset Scheduled, double Clock)> _starts = [];
    private readonly Lock _lock = new();

    /// <summary>The run's replay start on its scheduler and its clock: taken by the first source that asks.</summary>
    public (DateTimeOffset Scheduled, double Clock) For(StageContext context)
    {
        lock (_lock)
        {
            if (_starts.TryGetValue(context.Stopping, out var start)) return start;
            start = (context.Scheduler.Now, context.Clock.Now);
            if (context.Stopping.CanBeCanceled)
            {
                _starts[context.Stopping] = start;
                context.Stopping.Register(() => { lock (_lock) _starts.Remove(context.Stopping); });
            }
            return start;
        }
    }
}
