using System.Numerics;
using Bci.Lsl.Info;

namespace Bci.Lsl;

/// <summary>Receives one stream from LSL (managed <see cref="LslInlet"/> or the native liblsl binding).</summary>
public interface ILslInlet : IDisposable
{
    /// <summary>The stream as resolved (after a recovery: the replacement outlet's info).</summary>
    LslStreamInfo Info { get; }

    /// <summary>Asks the outlet for its full info (with desc).</summary>
    LslStreamInfo GetFullInfo(double timeoutSeconds);

    /// <summary>Connects and waits until the outlet accepted the feed; throws <see cref="TimeoutException"/> naming the stream.</summary>
    void Open(double timeoutSeconds);

    /// <summary>Seconds to add to the outlet's timestamps to bring them onto the local clock (local - remote).</summary>
    double TimeCorrection(double timeoutSeconds);

    /// <summary>Pulls one sample into <paramref name="values"/>; false when none arrived within the timeout.</summary>
    bool TryPullSample<T>(Span<T> values, double timeoutSeconds, out double timestamp) where T : unmanaged, INumberBase<T>;

    /// <summary>Pulls as many whole samples as fit and are available (waiting up to the timeout for the first); returns the count.</summary>
    int PullChunk<T>(Span<T> values, Span<double> timestamps, double timeoutSeconds) where T : unmanaged, INumberBase<T>;

    /// <summary>Pulls one sample of a string stream.</summary>
    bool TryPullStrings(string[] values, double timeoutSeconds, out double timestamp);

    /// <summary>Samples waiting in the local buffer.</summary>
    int SamplesAvailable { get; }

    /// <summary>Times the inlet switched to a replacement outlet (same source_id) or reconnected after a broken feed.</summary>
    long Reconnects { get; }

    /// <summary>Samples the local buffer dropped because it was full (oldest first).</summary>
    long DroppedSamples { get; }
}
