using Bci.Lsl.Config;
using Bci.Lsl.Native;

namespace Bci.Lsl;

/// <summary>Chooses the LSL implementation: managed, native liblsl, or native when loadable (auto).</summary>
public static class LslBackends
{
    public static ILslBackend Create(LslBackendMode mode, LslConfig? config = null)
    {
        switch (mode)
        {
            case LslBackendMode.Managed:
                return new ManagedLslBackend(config);
            case LslBackendMode.Native:
                return NativeLslBackend.TryCreate(out var backend, out var reason)
                    ? backend!
                    : throw new DllNotFoundException($"native liblsl is not available: {reason}");
            default:
                return NativeLslBackend.TryCreate(out var auto, out _) ? auto! : new ManagedLslBackend(config);
        }
    }
}
