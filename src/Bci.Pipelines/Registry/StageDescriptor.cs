using Bci.Pipelines.Files;

namespace Bci.Pipelines.Registry;

/// <summary>
/// Everything the registry knows of one stage class: its `uses:` name, kind, the types flowing in and out, its
/// second input port (if any) and its options. Built from the class's attributes and interfaces alone, so
/// built-in and plug-in stages are described identically.
/// </summary>
public sealed record StageDescriptor(
    string Name,
    string Description,
    Type Type,
    NodeKind Kind,
    Type? InputType,
    Type? SideInputType,
    string? SideInputName,
    Type OutputType,
    IReadOnlyList<OptionDescriptor> Options,
    string Origin)
{
    /// <summary>Input ports by name: "data" and, for two-input stages, the side port.</summary>
    public IReadOnlyDictionary<string, Type> Ports
    {
        get
        {
            var ports = new Dictionary<string, Type>(StringComparer.Ordinal);
            if (InputType is not null) ports["data"] = InputType;
            if (SideInputType is not null && SideInputName is not null) ports[SideInputName] = SideInputType;
            return ports;
        }
    }

    public static string TypeName(Type? type) => type is null ? "-" : type == typeof(object) ? "anything" : type.Name;
}
