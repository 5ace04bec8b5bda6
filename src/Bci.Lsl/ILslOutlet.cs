using System.Numerics;
using Bci.Lsl.Info;

namespace Bci.Lsl;

/// <summary>Publishes one stream on LSL (managed <see cref="LslOutlet"/> or the native liblsl binding).</summary>
public interface ILslOutlet : IDisposable
{
    /// <summary>The stream as announced (uid, ports, hostname filled in).</summary>
    LslStreamInfo Info { get; }

    /// <summary>Pushes one sample; timestamp 0 means "now" on the outlet's clock.</summary>
    void PushSample<T>(ReadOnlySpan<T> values, double timestamp = 0) where T : unmanaged, INumberBase<T>;

    /// <summary>Pushes samples (sample-major values) with one timestamp each.</summary>
    void PushChunk<T>(ReadOnlySpan<T> values, ReadOnlySpan<double> timestamps) where T : unmanaged, INumberBase<T>;

    /// <summary>Pushes one sample of a string stream; timestamp 0 means "now".</summary>
    void PushStrings(IReadOnlyList<string> values, double timestamp = 0);

    /// <summary>True while at least one inlet receives the stream.</summary>
    bool HaveConsumers { get; }

    /// <summary>Waits until an inlet connects; false on timeout.</summary>
    bool WaitForConsumers(double timeoutSeconds);
}
