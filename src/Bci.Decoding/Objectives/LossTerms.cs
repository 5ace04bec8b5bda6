namespace Bci.Decoding.Objectives;

/// <summary>The values of one step's loss terms (weighted total and each term before weighting).</summary>
public readonly record struct LossTerms(double Total, double InfoNce, double SupervisedContrastive, double CrossEntropy);
