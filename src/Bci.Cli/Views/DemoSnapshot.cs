namespace Bci.Cli.Views;

/// <summary>
/// What the demo's live view shows at one moment: stream health (samples, lag, losses), the cue and epoch counts,
/// the running accuracy of each decoder against the cues, the last class probabilities and the latest trials.
/// </summary>
public sealed record DemoSnapshot
{
    public required string Title { get; init; }
    public required double Elapsed { get; init; }
    public required double Duration { get; init; }

    public required string Stream { get; init; }
    public required long Samples { get; init; }
    public required double SampleRate { get; init; }
    public required double LagMs { get; init; }

    /// <summary>Samples lost on the way: inlet buffer overflow plus gaps the device check saw (lost-samples).</summary>
    public required long DroppedSamples { get; init; }
    public required long Gaps { get; init; }
    public required long Reconnects { get; init; }

    public required long Cues { get; init; }
    public required long Epochs { get; init; }

    /// <summary>Decoder names, in the order of the per-decoder lists below and of <see cref="DemoTrial"/>'s lists.</summary>
    public required IReadOnlyList<string> Decoders { get; init; }
    public required IReadOnlyList<int> Trials { get; init; }
    public required IReadOnlyList<int> Correct { get; init; }

    /// <summary>Windows a decoder's queue dropped because it fell behind (latest-wins).</summary>
    public required IReadOnlyList<long> DroppedWindows { get; init; }
    public required IReadOnlyList<double> LatencyP50Ms { get; init; }

    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Per decoder, the probabilities of its last output in class order (empty before the first).</summary>
    public required IReadOnlyList<IReadOnlyList<double>> LastProbabilities { get; init; }

    public required IReadOnlyList<DemoTrial> RecentTrials { get; init; }
    public required string Recording { get; init; }
}
