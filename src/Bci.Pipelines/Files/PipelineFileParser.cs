using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bci.Pipelines.Files;

/// <summary>
/// Reads a pipeline file's YAML into a <see cref="PipelineSpec"/>, collecting every structural problem with its
/// line and column. Layout:
/// <code>
/// name: hello
/// plugins: [path/to/My.dll]
/// sources:  [ { id, uses, with } ]
/// stages:   [ { id, uses, input, with, overload } ]
/// sinks:    [ { id, uses, input, with, overload } ]
/// </code>
/// `input` is an id (the stage's data port) or a map of port -> id; when absent a stage takes the node written
/// before it and a sink the last stage.
/// </summary>
public static class PipelineFileParser
{
    private static readonly string[] TopLevelKeys = ["name", "description", "plugins", "sources", "stages", "sinks"];
    private static readonly string[] NodeKeys = ["id", "uses", "input", "with", "overload", "description"];

    public static PipelineSpec Parse(string text, string file, List<PipelineProblem> problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            problems.Add(new PipelineProblem(At(file, e.Start), $"not valid YAML: {Innermost(e).Message}"));
            return new PipelineSpec(file, Path.GetFileNameWithoutExtension(file), null, [], []);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add(new PipelineProblem(new SourceLocation(file, 1, 1), "a pipeline file is a YAML mapping with 'sources', 'stages' and 'sinks'"));
            return new PipelineSpec(file, Path.GetFileNameWithoutExtension(file), null, [], []);
        }

        foreach (var key in root.Children.Keys)
        {
            var name = Scalar(key);
            if (!TopLevelKeys.Contains(name))
                problems.Add(new PipelineProblem(At(file, key.Start), $"unknown key '{name}' (expected one of: {string.Join(", ", TopLevelKeys)})"));
        }

        var pipelineName = ScalarOf(root, "name") ?? Path.GetFileNameWithoutExtension(file);
        var description = ScalarOf(root, "description");
        var plugins = ReadPlugins(root, file, problems);

        var nodes = new List<NodeSpec>();
        ReadNodes(root, "sources", NodeKind.Source, file, nodes, problems);
        ReadNodes(root, "stages", NodeKind.Stage, file, nodes, problems);
        ReadNodes(root, "sinks", NodeKind.Sink, file, nodes, problems);

        if (!nodes.Any(n => n.Kind == NodeKind.Source))
            problems.Add(new PipelineProblem(At(file, root.Start), "the pipeline has no source (add a 'sources:' list)"));
        if (!nodes.Any(n => n.Kind == NodeKind.Sink))
            problems.Add(new PipelineProblem(At(file, root.Start), "the pipeline has no sink (add a 'sinks:' list): its results would go nowhere"));

        var ids = new Dictionary<string, NodeSpec>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (ids.TryGetValue(node.Id, out var first))
                problems.Add(new PipelineProblem(node.Location, $"id '{node.Id}' is used twice (first at line {first.Location.Line})"));
            else
                ids[node.Id] = node;
        }

        return new PipelineSpec(file, pipelineName, description, plugins, WithDefaultInputs(nodes));
    }

    /// <summary>Fills in the implicit inputs: a stage reads the node before it, a sink the last stage (or source).</summary>
    private static List<NodeSpec> WithDefaultInputs(List<NodeSpec> nodes)
    {
        var result = new List<NodeSpec>(nodes.Count);
        NodeSpec? previousProducer = null;
        NodeSpec? lastStage = null;
        foreach (var node in nodes)
        {
            var resolved = node;
            if (node.Kind != NodeKind.Source && !node.Inputs.ContainsKey("data"))
            {
                var implicitInput = node.Kind == NodeKind.Stage ? previousProducer : lastStage ?? previousProducer;
                if (implicitInput is not null)
                {
                    var inputs = new Dictionary<string, (string, SourceLocation)>(node.Inputs) { ["data"] = (implicitInput.Id, node.Location) };
                    resolved = node with { Inputs = inputs };
                }
            }
            if (node.Kind != NodeKind.Sink) previousProducer = resolved;
            if (node.Kind == NodeKind.Stage) lastStage = resolved;
            result.Add(resolved);
        }
        return result;
    }

    private static List<(string, SourceLocation)> ReadPlugins(YamlMappingNode root, string file, List<PipelineProblem> problems)
    {
        var list = new List<(string, SourceLocation)>();
        if (!root.Children.TryGetValue(new YamlScalarNode("plugins"), out var node)) return list;
        if (node is YamlScalarNode single && !string.IsNullOrEmpty(single.Value))
        {
            list.Add((single.Value!, At(file, single.Start)));
            return list;
        }
        if (node is not YamlSequenceNode sequence)
        {
            problems.Add(new PipelineProblem(At(file, node.Start), "'plugins' must be a list of DLL paths"));
            return list;
        }
        foreach (var item in sequence)
        {
            if (item is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value))
                list.Add((s.Value!, At(file, s.Start)));
            else
                problems.Add(new PipelineProblem(At(file, item.Start), "each plugin is a path to a .dll"));
        }
        return list;
    }

    private static void ReadNodes(YamlMappingNode root, string section, NodeKind kind, string file, List<NodeSpec> nodes, List<PipelineProblem> problems)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(section), out var node)) return;
        if (node is YamlScalarNode { Value: null or "" }) return;
        if (node is not YamlSequenceNode sequence)
        {
            problems.Add(new PipelineProblem(At(file, node.Start), $"'{section}' must be a list of entries with 'id' and 'uses'"));
            return;
        }
        foreach (var item in sequence)
        {
            if (item is not YamlMappingNode map)
            {
                problems.Add(new PipelineProblem(At(file, item.Start), $"each entry of '{section}' is a mapping with 'id' and 'uses'"));
                continue;
            }
            var spec = ReadNode(map, kind, file, problems);
            if (spec is not null) nodes.Add(spec);
        }
    }

    private static NodeSpec? ReadNode(YamlMappingNode map, NodeKind kind, string file, List<PipelineProblem> problems)
    {
        var where = At(file, map.Start);
        foreach (var key in map.Children.Keys)
        {
            var name = Scalar(key);
            if (!NodeKeys.Contains(name))
            {
                var hint = kind == NodeKind.Source && name == "input" ? " (a source has no input)" : "";
                problems.Add(new PipelineProblem(At(file, key.Start), $"unknown key '{name}' in a {kind.ToString().ToLowerInvariant()} (expected: {string.Join(", ", NodeKeys)}){hint}"));
            }
        }

        var uses = ScalarNode(map, "uses");
        var id = ScalarOf(map, "id");
        if (uses is null || string.IsNullOrWhiteSpace(uses.Value))
        {
            problems.Add(new PipelineProblem(where, $"{kind.ToString().ToLowerInvariant()} '{id ?? "?"}' has no 'uses:' (which stage to run)"));
            return null;
        }
        id ??= uses.Value!;
        if (!IsValidId(id))
            problems.Add(new PipelineProblem(where, $"id '{id}' may contain only letters, digits, '-', '_' and '.'"));

        var inputs = new Dictionary<string, (string, SourceLocation)>(StringComparer.Ordinal);
        if (map.Children.TryGetValue(new YamlScalarNode("input"), out var inputNode))
        {
            if (kind == NodeKind.Source)
                problems.Add(new PipelineProblem(At(file, inputNode.Start), $"source '{id}' cannot have an input"));
            else if (inputNode is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value))
                inputs["data"] = (s.Value!, At(file, s.Start));
            else if (inputNode is YamlMappingNode ports)
            {
                foreach (var (portKey, portValue) in ports.Children)
                {
                    if (portValue is YamlScalarNode target && !string.IsNullOrWhiteSpace(target.Value))
                        inputs[Scalar(portKey)] = (target.Value!, At(file, target.Start));
                    else
                        problems.Add(new PipelineProblem(At(file, portValue.Start), $"input port '{Scalar(portKey)}' of '{id}' must name a node id"));
                }
            }
            else
                problems.Add(new PipelineProblem(At(file, inputNode.Start), $"'input' of '{id}' must be a node id or a map of port: id"));
        }

        var options = new List<OptionValue>();
        var optionsLocation = where;
        if (map.Children.TryGetValue(new YamlScalarNode("with"), out var withNode))
        {
            optionsLocation = At(file, withNode.Start);
            if (withNode is YamlMappingNode withMap)
            {
                foreach (var (key, value) in withMap.Children)
                    options.Add(new OptionValue(Scalar(key), value, At(file, key.Start), At(file, value.Start)));
            }
            else if (withNode is not YamlScalarNode { Value: null or "" })
                problems.Add(new PipelineProblem(optionsLocation, $"'with' of '{id}' must be a mapping of option: value"));
        }

        var overload = ScalarNode(map, "overload");
        return new NodeSpec(kind, id, where, uses.Value!, At(file, uses.Start), inputs, options, optionsLocation,
            overload?.Value, overload is null ? null : At(file, overload.Start));
    }

    private static bool IsValidId(string id) => id.Length > 0 && id.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string Scalar(YamlNode node) => node is YamlScalarNode s ? s.Value ?? "" : node.ToString();

    private static YamlScalarNode? ScalarNode(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node as YamlScalarNode : null;

    private static string? ScalarOf(YamlMappingNode map, string key) => ScalarNode(map, key)?.Value;

    private static SourceLocation At(string file, Mark mark) => new(file, (int)mark.Line, (int)mark.Column);

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
