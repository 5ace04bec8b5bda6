namespace Bci.Pipelines.Files;

public enum NodeKind
{
    Source,
    Stage,
    Sink,
}
