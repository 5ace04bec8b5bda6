using Bci.Core.Overload;
using Bci.Pipelines.Files;
using Bci.Pipelines.Registry;

namespace Bci.Pipelines;

/// <summary>A resolved node: its spec, the stage it runs, the configured stage object, its inputs by port and its overload policy.</summary>
public sealed record PipelineNode(NodeSpec Spec, StageDescriptor Stage, object Instance, IReadOnlyDictionary<string, string> Inputs, OverloadPolicy Overload)
{
    public string Id => Spec.Id;
    public NodeKind Kind => Spec.Kind;
}
