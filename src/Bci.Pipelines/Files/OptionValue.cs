using YamlDotNet.RepresentationModel;

namespace Bci.Pipelines.Files;

/// <summary>One `with:` entry as written: its YAML node (scalar or sequence) and where it is.</summary>
public sealed record OptionValue(string Name, YamlNode Node, SourceLocation Location);
