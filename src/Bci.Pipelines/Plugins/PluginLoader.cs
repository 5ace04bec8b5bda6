using System.Collections.Concurrent;
using System.Reflection;
using Bci.Core.Stages;
using Bci.Pipelines.Files;
using Bci.Pipelines.Registry;

namespace Bci.Pipelines.Plugins;

/// <summary>
/// Loads plug-in DLLs named in a pipeline file and registers their [Stage] classes. A missing file, a file that is
/// not a .NET assembly, or an assembly with no stage gets a clear error at the file's line.
/// </summary>
public static class PluginLoader
{
    // The same DLL path always maps to the same load context: loading it twice would create two copies of its types.
    private static readonly ConcurrentDictionary<string, Assembly> Loaded = new(StringComparer.Ordinal);

    public static void LoadInto(StageRegistry registry, string path, SourceLocation location, string baseDirectory, List<PipelineProblem> problems)
    {
        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));
        if (!File.Exists(full))
        {
            problems.Add(new PipelineProblem(location, $"plug-in '{path}' not found (looked for {full}); build it first (dotnet build) or fix the path, which is relative to the pipeline file"));
            return;
        }

        Assembly assembly;
        try
        {
            assembly = Loaded.GetOrAdd(full, p => new PluginLoadContext(p).LoadFromAssemblyPath(p));
        }
        catch (BadImageFormatException)
        {
            problems.Add(new PipelineProblem(location, $"plug-in '{path}' is not a .NET assembly"));
            return;
        }
        catch (Exception e) when (e is FileLoadException or IOException)
        {
            problems.Add(new PipelineProblem(location, $"plug-in '{path}' could not be loaded: {e.Message}"));
            return;
        }

        bool hasStages;
        try
        {
            hasStages = assembly.GetTypes().Any(t => t.GetCustomAttribute<StageAttribute>() is not null);
        }
        catch (ReflectionTypeLoadException e)
        {
            problems.Add(new PipelineProblem(location, $"plug-in '{path}': its types could not be loaded: {e.LoaderExceptions.FirstOrDefault()?.Message}"));
            return;
        }
        if (!hasStages)
        {
            problems.Add(new PipelineProblem(location,
                $"plug-in '{path}' has no stage: mark a class with [Stage(\"name\")] from Bci.Core.Stages and implement ISource/IStage/ISink"));
            return;
        }
        foreach (var problem in registry.Register(assembly, $"plug-in {Path.GetFileName(full)}"))
            problems.Add(new PipelineProblem(location, problem));
    }
}
