namespace Bci.Decoding.Objectives;

/// <summary>
/// How the training objective combines its terms (written under `objective:` of the decode stage in the pipeline
/// file): weight 0 turns a term off. The InfoNCE term pairs each embedding with its target vector (class
/// prototypes unless per-epoch targets are supplied); supervised contrastive pulls augmented views of the same
/// class together; cross-entropy trains the classification head.
/// </summary>
public sealed record ObjectiveWeights
{
    public double InfoNce { get; init; } = 1.0;

    public double SupervisedContrastive { get; init; } = 0.5;

    public double CrossEntropy { get; init; } = 1.0;

    /// <summary>Starting temperature of InfoNCE (learned from there, as in CLIP).</summary>
    public double InitialTemperature { get; init; } = 0.07;

    /// <summary>Fixed temperature of the supervised contrastive term.</summary>
    public double SupervisedTemperature { get; init; } = 0.1;

    public IEnumerable<string> Problems()
    {
        if (InfoNce < 0 || SupervisedContrastive < 0 || CrossEntropy < 0) yield return "objective weights must be >= 0";
        if (InfoNce + SupervisedContrastive + CrossEntropy <= 0) yield return "at least one objective weight must be > 0";
        if (!(InitialTemperature > 0)) yield return $"initial temperature must be > 0 (is {InitialTemperature})";
        if (!(SupervisedTemperature > 0)) yield return $"supervised temperature must be > 0 (is {SupervisedTemperature})";
    }
}
