namespace Bci.Pipelines.Files;

/// <summary>
/// A source, stage or sink as the pipeline file writes it, before anything is resolved: id, `uses`, inputs by
/// port, options and overload policy, each with its location for error messages.
/// </summary>
public sealed record NodeSpec(
    NodeKind Kind,
    string Id,
    SourceLocation Location,
    string Uses,
    SourceLocation UsesLocation,
    IReadOnlyDictionary<string, (string Ref, SourceLocation Location)> Inputs,
    IReadOnlyList<OptionValue> Options,
    SourceLocation OptionsLocation,
    string? Overload,
    SourceLocation? OverloadLocation);
