namespace Bci.Core.Stages;

/// <summary>
/// Marks a settable property of a stage as an option read from the stage's `with:` block. <see cref="Unit"/> is
/// the base unit the property holds ("Hz", "s", "V"); pipeline files may write any unit of the same kind
/// ("500 ms" for a seconds option). Supported property types: numbers, bool, string, enums (written in
/// kebab-case), string and number lists.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class OptionAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; init; } = "";

    public string? Unit { get; init; }

    public bool Required { get; init; }
}
