using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Lsl.Tests;

/// <summary>Shared helpers for loopback tests: machine scope, KnownPeers 127.0.0.1, nothing leaves the host.</summary>
public static class Loopback
{
    public static LslConfig Config => LslConfig.Loopback;

    public static ILslBackend Managed { get; } = new ManagedLslBackend(LslConfig.Loopback);

    public static string UniqueName(string prefix) => $"{prefix}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    public static LslStreamInfo ResolveOne(string name, double timeout = 5)
    {
        var found = new LslResolver(Config).ResolveByProperty("name", name, 1, timeout);
        Assert.True(found.Count == 1, $"stream '{name}' was not found on loopback within {timeout} s");
        return found[0];
    }
}
