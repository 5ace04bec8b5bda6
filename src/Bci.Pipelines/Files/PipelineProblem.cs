namespace Bci.Pipelines.Files;

/// <summary>One thing wrong with a pipeline file, with where it is.</summary>
public sealed record PipelineProblem(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location}: error: {Message}";
}
