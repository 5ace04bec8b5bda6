using Bci.Lsl.Native;

namespace Bci.Lsl.Tests;

/// <summary>The native backend for interop tests, configured once per process for loopback (machine scope, KnownPeers 127.0.0.1).</summary>
public static class NativeLiblsl
{
    private static readonly Lazy<(NativeLslBackend? Backend, string? Reason)> Loaded = new(() =>
    {
        if (!NativeLslBackend.TryCreate(out var backend, out var reason)) return (null, $"native liblsl not loadable: {reason}");
        NativeLslBackend.UseConfigFile(Loopback.Config);
        return (backend, null);
    });

    public static bool Available => Loaded.Value.Backend is not null;

    public static string? Reason => Loaded.Value.Reason;

    public static NativeLslBackend Backend => Loaded.Value.Backend ?? throw new InvalidOperationException(Reason);
}
