namespace Bci.Cli.Views;

/// <summary>
/// One cued trial of the live part of the demo: the cue the simulated user followed and, per decoder (in the order the
/// session lists them), the class it decoded, that class's probability and the latency from the epoch's last sample
/// to the decoded output. A decoder that has not answered yet has null entries.
/// </summary>
public sealed record DemoTrial(int Number, string Cue, double CueTime, IReadOnlyList<string?> Predicted, IReadOnlyList<double?> Probability,
    IReadOnlyList<double?> LatencyMs);
