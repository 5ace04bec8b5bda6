using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Lsl.Native;

/// <summary>
/// liblsl through P/Invoke behind <see cref="ILslBackend"/>. liblsl reads its configuration once per process
/// (LSLAPICFG or lsl_api.cfg); <see cref="UseConfigFile"/> points it at a file before its first use.
/// </summary>
public sealed class NativeLslBackend : ILslBackend
{
    private NativeLslBackend(int version) => Name = $"native (liblsl {version / 100}.{version % 100})";

    public string Name { get; }

    /// <summary>The loaded liblsl, or false with the reason (library absent, wrong architecture, ...).</summary>
    public static bool TryCreate(out NativeLslBackend? backend, out string? reason)
    {
        backend = null;
        if (!NativeMethods.TryLoad(out reason)) return false;
        backend = new NativeLslBackend(NativeMethods.lsl_library_version());
        return true;
    }

    /// <summary>
    /// Makes liblsl read <paramref name="config"/> (written to a file) — effective only before liblsl's first
    /// configuration read in this process, and only with liblsl 1.17.6+ (older ones read LSLAPICFG only).
    /// </summary>
    public static void UseConfigFile(LslConfig config)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bci-lsl-{Environment.ProcessId}.cfg");
        File.WriteAllText(path, config.ToFileText());
        try { NativeMethods.lsl_set_config_filename(path); }
        catch (EntryPointNotFoundException) { }
    }

    public static double LocalClock() => NativeMethods.lsl_local_clock();

    public ILslOutlet CreateOutlet(LslStreamInfo info, LslOutletOptions? options = null) => new NativeOutlet(info, options ?? new LslOutletOptions());

    public ILslInlet CreateInlet(LslStreamInfo info, LslInletOptions? options = null) => new NativeInlet(info, options ?? new LslInletOptions());

    public ILslResolver CreateResolver(LslConfig? config = null) => new NativeResolver();
}
