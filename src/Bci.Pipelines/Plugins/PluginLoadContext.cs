using System.Reflection;
using System.Runtime.Loader;

namespace Bci.Pipelines.Plugins;

/// <summary>
/// One load context per plug-in DLL: the plug-in's own dependencies resolve from its folder (its .deps.json), while
/// the contracts it shares with the host (Bci.Core, System.Reactive, the framework) come from the host, so that
/// its [Stage] classes implement the very interfaces the runner calls.
/// </summary>
internal sealed class PluginLoadContext(string pluginPath) : AssemblyLoadContext($"plugin:{Path.GetFileName(pluginPath)}", isCollectible: false)
{
    private static readonly HashSet<string> Shared = new(StringComparer.OrdinalIgnoreCase) { "Bci.Core", "System.Reactive" };

    private readonly AssemblyDependencyResolver _resolver = new(pluginPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not null && Shared.Contains(assemblyName.Name))
            return null; // fall back to the host's copy
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
