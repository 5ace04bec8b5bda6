namespace Bci.Decoding.Checkpoints;

/// <summary>A live stream or window does not match what a checkpoint was trained on (channels, rate, length).</summary>
public sealed class ManifestMismatchException(string message) : Exception(message);
