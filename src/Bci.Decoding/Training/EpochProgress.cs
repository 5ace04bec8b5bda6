namespace Bci.Decoding.Training;

/// <summary>One finished training epoch: losses and accuracies (validation values are NaN without validation groups).</summary>
public sealed record EpochProgress(int Epoch, int MaxEpochs, double LearningRate, double TrainLoss, double TrainAccuracy,
    double ValidationLoss, double ValidationAccuracy, double Temperature, bool Improved, TimeSpan Elapsed);
