namespace Bci.Pipelines.Files;

/// <summary>A pipeline file as written (parsed, not yet resolved against the stage registry).</summary>
public sealed record PipelineSpec(
    string File,
    string Name,
    string? Description,
    IReadOnlyList<(string Path, SourceLocation Location)> Plugins,
    IReadOnlyList<NodeSpec> Nodes);
