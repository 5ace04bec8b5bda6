using Bci.Core.Overload;
using Bci.Pipelines.Files;
using Bci.Pipelines.Plugins;
using Bci.Pipelines.Registry;

namespace Bci.Pipelines;

/// <summary>
/// Turns a pipeline file into a runnable <see cref="Pipeline"/>, or reports every problem at once with file, line
/// and column: YAML errors, unknown stages, unknown or mistyped options, missing or mistyped inputs, cycles,
/// plug-ins that are missing or not plug-ins.
/// </summary>
public static class PipelineLoader
{
    public static Pipeline LoadFile(string path, StageRegistry builtIns)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new PipelineValidationException([new PipelineProblem(SourceLocation.Unknown(path), $"pipeline file not found: {full}")]);
        return LoadText(File.ReadAllText(full), path, Path.GetDirectoryName(full)!, builtIns);
    }

    public static Pipeline LoadText(string yaml, string fileName, string baseDirectory, StageRegistry builtIns)
    {
        var problems = new List<PipelineProblem>();
        var pipeline = Resolve(yaml, fileName, baseDirectory, builtIns, problems);
        if (problems.Count > 0 || pipeline is null)
            throw new PipelineValidationException(problems.OrderBy(p => p.Location.Line).ThenBy(p => p.Location.Column).ToList());
        return pipeline;
    }

    /// <summary>Every problem of a pipeline file, sorted by position; empty when it is valid.</summary>
    public static IReadOnlyList<PipelineProblem> Validate(string path, StageRegistry builtIns)
    {
        try
        {
            LoadFile(path, builtIns);
            return [];
        }
        catch (PipelineValidationException e)
        {
            return e.Problems;
        }
    }

    private static Pipeline? Resolve(string yaml, string fileName, string baseDirectory, StageRegistry builtIns, List<PipelineProblem> problems)
    {
        var spec = PipelineFileParser.Parse(yaml, fileName, problems);

        var registry = builtIns.Clone();
        foreach (var (path, location) in spec.Plugins)
            PluginLoader.LoadInto(registry, path, location, baseDirectory, problems);

        var nodes = new Dictionary<string, PipelineNode>(StringComparer.Ordinal);
        foreach (var node in spec.Nodes)
        {
            if (nodes.ContainsKey(node.Id)) continue; // duplicate id, already reported
            if (!registry.TryGet(node.Uses, out var stage))
            {
                problems.Add(new PipelineProblem(node.UsesLocation, $"unknown stage '{node.Uses}'{Text.DidYouMean(registry.Suggest(node.Uses))} (run `bci stages` for the list)"));
                continue;
            }
            if (stage.Kind != node.Kind)
            {
                problems.Add(new PipelineProblem(node.UsesLocation,
                    $"'{node.Uses}' is a {stage.Kind.ToString().ToLowerInvariant()}, but '{node.Id}' is listed under {node.Kind.ToString().ToLowerInvariant()}s"));
                continue;
            }
            var overload = OverloadPolicy.Inline;
            if (node.Overload is not null && !OverloadPolicy.TryParse(node.Overload, out overload, out var overloadError))
                problems.Add(new PipelineProblem(node.OverloadLocation!, $"'{node.Id}': {overloadError}"));
            if (node.Overload is not null && node.Kind == NodeKind.Source)
                problems.Add(new PipelineProblem(node.OverloadLocation!, $"'{node.Id}' is a source: an overload policy belongs to the stage or sink that may fall behind"));

            var instance = OptionBinder.Bind(stage, node, problems);
            if (instance is null) continue;
            nodes[node.Id] = new PipelineNode(node, stage, instance, node.Inputs.ToDictionary(p => p.Key, p => p.Value.Ref), overload);
        }

        CheckInputs(spec, nodes, problems);
        var order = TopologicalOrder(spec, nodes, problems);
        return problems.Count == 0 ? new Pipeline(spec.Name, fileName, baseDirectory, order, registry) : null;
    }

    private static void CheckInputs(PipelineSpec spec, Dictionary<string, PipelineNode> nodes, List<PipelineProblem> problems)
    {
        foreach (var node in nodes.Values)
        {
            var ports = node.Stage.Ports;
            foreach (var (port, (reference, location)) in node.Spec.Inputs)
            {
                if (!ports.TryGetValue(port, out var portType))
                {
                    problems.Add(new PipelineProblem(location, $"'{node.Id}' ({node.Stage.Name}) has no input port '{port}' (its ports: {string.Join(", ", ports.Keys)})"));
                    continue;
                }
                if (!nodes.TryGetValue(reference, out var producer))
                {
                    if (spec.Nodes.All(n => n.Id != reference))
                        problems.Add(new PipelineProblem(location, $"input '{reference}' of '{node.Id}' is not the id of any source or stage{Text.DidYouMean(spec.Nodes.Select(n => n.Id).Where(id => Text.EditDistance(id, reference) <= 2))}"));
                    continue;
                }
                if (producer.Kind == NodeKind.Sink)
                {
                    problems.Add(new PipelineProblem(location, $"input '{reference}' of '{node.Id}' is a sink, which produces nothing"));
                    continue;
                }
                if (reference == node.Id)
                {
                    problems.Add(new PipelineProblem(location, $"'{node.Id}' takes its own output as input"));
                    continue;
                }
                if (!portType.IsAssignableFrom(producer.Stage.OutputType))
                    problems.Add(new PipelineProblem(location,
                        $"'{node.Id}' ({node.Stage.Name}) takes {StageDescriptor.TypeName(portType)} on '{port}', but '{reference}' ({producer.Stage.Name}) produces {StageDescriptor.TypeName(producer.Stage.OutputType)}"));
            }
            foreach (var port in ports.Keys.Where(p => !node.Spec.Inputs.ContainsKey(p)))
                problems.Add(new PipelineProblem(node.Spec.Location, port == "data"
                    ? $"'{node.Id}' has no input: nothing is written before it (add 'input: <id>')"
                    : $"'{node.Id}' ({node.Stage.Name}) needs its '{port}' input: write 'input: {{ data: <id>, {port}: <id> }}'"));
        }
    }

    private static List<PipelineNode> TopologicalOrder(PipelineSpec spec, Dictionary<string, PipelineNode> nodes, List<PipelineProblem> problems)
    {
        // Kahn's algorithm over the file order; whatever remains has a cycle.
        var pending = spec.Nodes.Where(n => nodes.ContainsKey(n.Id)).Select(n => nodes[n.Id]).Distinct().ToList();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<PipelineNode>();
        bool progress;
        do
        {
            progress = false;
            foreach (var node in pending.ToList())
            {
                if (node.Inputs.Values.All(i => done.Contains(i) || !nodes.ContainsKey(i)))
                {
                    order.Add(node);
                    done.Add(node.Id);
                    pending.Remove(node);
                    progress = true;
                }
            }
        } while (progress && pending.Count > 0);

        if (pending.Count > 0)
        {
            var cycle = string.Join(" -> ", pending.Select(n => n.Id));
            foreach (var node in pending.Take(1))
            {
                var (_, location) = node.Spec.Inputs.First(i => pending.Any(p => p.Id == i.Value.Ref)).Value;
                problems.Add(new PipelineProblem(location, $"the inputs form a cycle ({cycle}): data would flow in a circle"));
            }
        }
        return order;
    }
}
