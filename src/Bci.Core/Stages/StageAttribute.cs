namespace Bci.Core.Stages;

/// <summary>
/// Marks a class as a pipeline stage, source or sink under <see cref="Name"/> (the `uses:` value in pipeline
/// files). Built-in and plug-in stages are found the same way: by this attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StageAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; init; } = "";
}
