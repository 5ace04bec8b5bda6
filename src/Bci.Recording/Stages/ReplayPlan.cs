namespace Bci.Recording.Stages;

/// <summary>
/// What the replay sources share so that data and markers replayed from one file stay in time with each other:
/// the file's origin (its earliest timestamp over every stream), the start offset, the loop length, and the
/// mapping from file time to due time and emitted timestamp.
/// </summary>
internal sealed class ReplayPlan
{
    private readonly double _shift;

    public ReplayPlan(Recording recording, double start, double speed, ReplayTimestamps timestamps, double runStart)
    {
        var streams = recording.Streams.Where(s => s.SampleCount > 0).ToList();
        Origin = streams.Count == 0 ? 0 : streams.Min(s => s.FirstTimestamp);
        var end = streams.Count == 0 ? 0 : streams.Max(s => s.LastTimestamp + (s.Description.IsRegular ? 1 / s.Description.NominalRate : 0));
        From = Origin + start;
        LoopLength = Math.Max(end - From, 1e-3);
        Speed = speed;
        _shift = timestamps == ReplayTimestamps.Now ? runStart - From : 0;
    }

    /// <summary>Earliest timestamp in the file.</summary>
    public double Origin { get; }

    /// <summary>File time the replay starts from (origin + start offset).</summary>
    public double From { get; }

    /// <summary>File time from <see cref="From"/> to the end of the last stream: one loop.</summary>
    public double LoopLength { get; }

    public double Speed { get; }

    /// <summary>Seconds after the replay's start at which file time <paramref name="t"/> of loop <paramref name="loop"/> is due.</summary>
    public double DueAfter(double t, int loop) => (t - From + loop * LoopLength) / Speed;

    /// <summary>The timestamp emitted for file time <paramref name="t"/> of loop <paramref name="loop"/>.</summary>
    public double Stamp(double t, int loop) => t + _shift + (_shift == 0 ? 0 : loop * LoopLength);
}
