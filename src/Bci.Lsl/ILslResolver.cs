using Bci.Lsl.Info;

namespace Bci.Lsl;

/// <summary>Finds streams on the network (managed <see cref="LslResolver"/> or the native liblsl binding).</summary>
public interface ILslResolver
{
    /// <summary>
    /// Streams whose info satisfies the XPath <paramref name="query"/> (empty = all); returns as soon as
    /// <paramref name="minimum"/> were found (minimum 0: waits the whole timeout to find them all).
    /// </summary>
    IReadOnlyList<LslStreamInfo> Resolve(string query, int minimum, double timeoutSeconds);
}
