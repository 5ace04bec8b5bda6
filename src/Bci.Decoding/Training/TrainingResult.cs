namespace Bci.Decoding.Training;

/// <summary>What a training run produced besides the model: its history, the epoch whose weights were kept, and timing.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochProgress> History, int BestEpoch, bool StoppedEarly, TimeSpan Elapsed, double InputScale);
