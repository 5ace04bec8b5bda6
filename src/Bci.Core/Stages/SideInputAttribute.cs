namespace Bci.Core.Stages;

/// <summary>
/// Names the second input port of an <see cref="IStage{TIn,TSide,TOut}"/> as written in pipeline files
/// (e.g. `input: { data: bandpass, markers: cues }`). The main port is always called "data".
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SideInputAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
