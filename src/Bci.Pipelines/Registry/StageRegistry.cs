using System.Reflection;
using Bci.Core.Stages;
using Bci.Pipelines.Files;

namespace Bci.Pipelines.Registry;

/// <summary>
/// The stages a pipeline may use, found by their <see cref="StageAttribute"/>. Built-ins are the Bci.* assemblies
/// beside the program; plug-ins are added from their own load contexts the same way.
/// </summary>
public sealed class StageRegistry
{
    private readonly Dictionary<string, StageDescriptor> _stages = new(StringComparer.Ordinal);

    public IReadOnlyCollection<StageDescriptor> All => _stages.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <summary>A registry of every built-in stage: the [Stage] classes of the Bci.* assemblies next to the program.</summary>
    public static StageRegistry ForBuiltIns()
    {
        var registry = new StageRegistry();
        foreach (var assembly in BuiltInAssemblies())
            registry.Register(assembly, "built-in");
        return registry;
    }

    /// <summary>A copy of this registry, so that plug-ins one pipeline loads do not leak into another's.</summary>
    public StageRegistry Clone()
    {
        var copy = new StageRegistry();
        foreach (var (name, descriptor) in _stages) copy._stages[name] = descriptor;
        return copy;
    }

    public bool TryGet(string name, out StageDescriptor descriptor) => _stages.TryGetValue(name, out descriptor!);

    /// <summary>Registers every [Stage] class of <paramref name="assembly"/>; returns what was wrong with any of them.</summary>
    public IReadOnlyList<string> Register(Assembly assembly, string origin)
    {
        var problems = new List<string>();
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.Where(t => t is not null).ToArray()!;
            problems.Add($"{assembly.GetName().Name}: some types could not be loaded ({e.LoaderExceptions.FirstOrDefault()?.Message})");
        }
        foreach (var type in types)
        {
            var attribute = type.GetCustomAttribute<StageAttribute>();
            if (attribute is null) continue;
            try
            {
                var descriptor = Describe(type, attribute, origin);
                if (_stages.TryGetValue(descriptor.Name, out var existing) && existing.Type != type)
                {
                    problems.Add($"stage name '{descriptor.Name}' of {type.FullName} ({origin}) is already taken by {existing.Type.FullName} ({existing.Origin})");
                    continue;
                }
                _stages[descriptor.Name] = descriptor;
            }
            catch (InvalidOperationException e)
            {
                problems.Add(e.Message);
            }
        }
        return problems;
    }

    /// <summary>Names close to a misspelt one, for "did you mean" hints.</summary>
    public IEnumerable<string> Suggest(string name) =>
        _stages.Keys.Select(k => (Key: k, Distance: Text.EditDistance(k, name)))
            .Where(p => p.Distance <= Math.Max(2, name.Length / 3))
            .OrderBy(p => p.Distance).Select(p => p.Key).Take(3);

    public static StageDescriptor Describe(Type type, StageAttribute attribute, string origin)
    {
        if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
            throw new InvalidOperationException($"stage '{attribute.Name}' ({type.FullName}) must be a concrete class with a public parameterless constructor");

        var interfaces = type.GetInterfaces().Where(i => i.IsGenericType).ToList();
        var source = interfaces.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(ISource<>));
        var stage = interfaces.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IStage<,>));
        var join = interfaces.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IStage<,,>));
        var sink = interfaces.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(ISink<>));
        var contracts = new[] { source, stage, join, sink }.Count(i => i is not null);
        if (contracts != 1)
            throw new InvalidOperationException(
                $"stage '{attribute.Name}' ({type.FullName}) must implement exactly one of ISource<T>, IStage<TIn,TOut>, IStage<TIn,TSide,TOut>, ISink<T> (it implements {contracts})");

        var options = DescribeOptions(type, attribute.Name);
        if (source is not null)
            return new StageDescriptor(attribute.Name, attribute.Description, type, NodeKind.Source, null, null, null, source.GenericTypeArguments[0], options, origin);
        if (stage is not null)
            return new StageDescriptor(attribute.Name, attribute.Description, type, NodeKind.Stage, stage.GenericTypeArguments[0], null, null, stage.GenericTypeArguments[1], options, origin);
        if (join is not null)
        {
            var sideName = type.GetCustomAttribute<SideInputAttribute>()?.Name ?? "side";
            if (sideName == "data")
                throw new InvalidOperationException($"stage '{attribute.Name}': the side input cannot be called 'data' (that is the main input)");
            return new StageDescriptor(attribute.Name, attribute.Description, type, NodeKind.Stage, join.GenericTypeArguments[0],
                join.GenericTypeArguments[1], sideName, join.GenericTypeArguments[2], options, origin);
        }
        return new StageDescriptor(attribute.Name, attribute.Description, type, NodeKind.Sink, sink!.GenericTypeArguments[0], null, null,
            typeof(System.Reactive.Unit), options, origin);
    }

    private static List<OptionDescriptor> DescribeOptions(Type type, string stageName)
    {
        object? defaults;
        try
        {
            defaults = Activator.CreateInstance(type);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"stage '{stageName}' ({type.FullName}): its constructor failed: {(e.InnerException ?? e).Message}");
        }
        var options = new List<OptionDescriptor>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var option = property.GetCustomAttribute<OptionAttribute>();
            if (option is null) continue;
            if (property.SetMethod is null)
                throw new InvalidOperationException($"option '{option.Name}' of stage '{stageName}' ({type.FullName}.{property.Name}) has no setter (use {{ get; init; }})");
            if (!OptionBinder.IsSupported(property.PropertyType))
                throw new InvalidOperationException($"option '{option.Name}' of stage '{stageName}' has type {property.PropertyType.Name}, which pipeline files cannot express");
            options.Add(new OptionDescriptor(option.Name, property, option.Description, option.Unit, option.Required, property.GetValue(defaults)));
        }
        if (defaults is IDisposable disposable) disposable.Dispose();
        return options;
    }

    private static IEnumerable<Assembly> BuiltInAssemblies()
    {
        // Only the host's own (default-context) assemblies are built-ins; plug-in contexts may hold same-named copies.
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("Bci.", StringComparison.Ordinal) == true
                        && System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(a) == System.Runtime.Loader.AssemblyLoadContext.Default)
            .GroupBy(a => a.GetName().Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "Bci.*.dll"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.EndsWith(".Tests", StringComparison.Ordinal) || name.EndsWith(".Benchmarks", StringComparison.Ordinal) || name == "Bci.TestSupport") continue;
            if (loaded.ContainsKey(name)) continue;
            try
            {
                loaded[name] = Assembly.Load(new AssemblyName(name));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                // Not part of this program's dependency graph (a stale file): not a built-in.
            }
        }
        return loaded.Values.OrderBy(a => a.GetName().Name, StringComparer.Ordinal);
    }
}
