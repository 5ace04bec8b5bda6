namespace Bci.Decoding.Checkpoints;

/// <summary>One signal stage the epochs went through before the decoder, as the pipeline file wrote it.</summary>
public sealed record PreprocessingStep(string Id, string Uses, IReadOnlyDictionary<string, string> Options);
