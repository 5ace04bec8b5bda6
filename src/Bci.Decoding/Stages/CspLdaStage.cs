using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Decoding.Stages;

/// <summary>The CSP + shrinkage LDA baseline as a pipeline stage, with the same checkpoint/manifest checks as `decode`.</summary>
[Stage("csp-lda", Description = "Baseline decoder: CSP log-variance features + shrinkage LDA -> class probabilities (model from `bci train --decoder csp-lda`).")]
public sealed class CspLdaStage : IStage<SignalWindow, DecodedOutput>, IValidatingStage
{
    [Option("model", Required = true, Description = "Checkpoint folder (manifest.json + csp-lda.json), relative to the pipeline file.")]
    public string Model { get; init; } = "";

    [Option("queue", Description = "Windows waiting for the decoder; when full the oldest is dropped and counted (latest wins).")]
    public int Queue { get; init; } = 1;

    [Option("classes", Description = "Training: the marker values that are classes, in order (others are ignored).")]
    public IReadOnlyList<string> Classes { get; init; } = [];

    [Option("pairs", Description = "Training: CSP filter pairs per class contrast.")]
    public int Pairs { get; init; } = 3;

    public IObservable<DecodedOutput> Apply(IObservable<SignalWindow> input, StageContext context) =>
        WindowDecoding.Run(input, context, () => CspLdaWindowModel.Load(context.ResolvePath(Model)), Queue);

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Model)) yield return "model: name the checkpoint folder (made by `bci train`)";
        if (Queue < 1) yield return $"queue: must be >= 1 (is {Queue})";
        if (Pairs < 1) yield return $"pairs: must be >= 1 (is {Pairs})";
    }
}
