using YamlDotNet.RepresentationModel;

namespace Bci.Pipelines.Files;

/// <summary>One `with:` entry as written: its YAML node (scalar or sequence), where its name is and where its value is.</summary>
public sealed record OptionValue(string Name, YamlNode Node, SourceLocation Location, SourceLocation ValueLocation);
