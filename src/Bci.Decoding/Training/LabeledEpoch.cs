namespace Bci.Decoding.Training;

/// <summary>
/// One training example: C x T values channel-major (volts), its class index, the group it was recorded in
/// (run or session: splits never cut through a group) and an optional target vector (e.g. a world-model latent).
/// </summary>
public sealed record LabeledEpoch(float[] Data, int Label, string Group, float[]? Target = null);
