using Bci.Pipelines.Files;
using Bci.Pipelines.Registry;

namespace Bci.Pipelines;

/// <summary>
/// A validated pipeline: every node resolved to a configured stage, inputs type-checked, no cycles, nodes in an
/// order where each comes after its inputs. Holds no run state: one pipeline can run several times, in parallel.
/// </summary>
public sealed class Pipeline(string name, string file, string baseDirectory, IReadOnlyList<PipelineNode> nodes, StageRegistry registry)
{
    public string Name { get; } = name;
    public string File { get; } = file;
    public string BaseDirectory { get; } = baseDirectory;

    /// <summary>Nodes in dependency order (inputs first).</summary>
    public IReadOnlyList<PipelineNode> Nodes { get; } = nodes;

    /// <summary>The registry the pipeline was resolved with, including its plug-ins.</summary>
    public StageRegistry Registry { get; } = registry;

    public PipelineNode this[string id] => Nodes.First(n => n.Id == id);

    public IEnumerable<PipelineNode> Sources => Nodes.Where(n => n.Kind == NodeKind.Source);
    public IEnumerable<PipelineNode> Sinks => Nodes.Where(n => n.Kind == NodeKind.Sink);
}
