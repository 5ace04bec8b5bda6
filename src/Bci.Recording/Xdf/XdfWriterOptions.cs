using Bci.Core.Time;

namespace Bci.Recording.Xdf;

/// <summary>How often an <see cref="XdfWriter"/> makes its data durable and writes clock offsets and boundaries.</summary>
public sealed record XdfWriterOptions
{
    /// <summary>Buffered samples are written as chunks and synced to disk at least this often (seconds).</summary>
    public double FlushInterval { get; init; } = 0.5;

    /// <summary>A ClockOffset chunk per stream this often (seconds), as LabRecorder does (it uses 5 s).</summary>
    public double ClockOffsetInterval { get; init; } = 5;

    /// <summary>A Boundary chunk this often (seconds), so a reader that lost its place can find the next chunk.</summary>
    public double BoundaryInterval { get; init; } = 10;

    /// <summary>Sync written chunks to the storage device (fsync) at every flush, not only to the operating system.</summary>
    public bool SyncToDisk { get; init; } = true;

    /// <summary>The recorder's clock (collection times of clock offsets, flush timing).</summary>
    public IClock Clock { get; init; } = LslClock.Instance;
}
