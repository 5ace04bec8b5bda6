namespace Bci.Pipelines.Files;

/// <summary>A pipeline file that cannot run, with every problem found (not just the first).</summary>
public sealed class PipelineValidationException(IReadOnlyList<PipelineProblem> problems)
    : Exception(problems.Count == 1
        ? problems[0].ToString()
        : $"{problems.Count} problems:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}")
{
    public IReadOnlyList<PipelineProblem> Problems { get; } = problems;
}
