namespace Bci.Pipelines.Files;

/// <summary>A place in a pipeline file (1-based line and column), printed as file:line:column like compilers do.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation Unknown(string file) => new(file, 0, 0);

    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
