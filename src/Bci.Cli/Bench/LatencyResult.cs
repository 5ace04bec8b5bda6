namespace Bci.Cli.Bench;

/// <summary>
/// One decoder's figures. <see cref="EndToEnd"/> is from the push of each window's last sample to the moment a
/// consumer's pull returned its decoded output; the three parts split it at the two probes: push -> window cut
/// (LSL transport in, inlet thread, band-pass, windowing), cut -> decoded (hand-off to the decoder thread and the
/// decoder's computation), decoded -> pulled (LSL transport out).
/// </summary>
public sealed record LatencyResult
{
    public required DecoderKind Decoder { get; init; }
    public required string DecoderDescription { get; init; }
    public required int Channels { get; init; }
    public required double Rate { get; init; }
    public required int WindowSamples { get; init; }
    public required int StepSamples { get; init; }

    /// <summary>Windows whose last sample was pushed after the warm-up.</summary>
    public required int Expected { get; init; }
    public required int Cut { get; init; }
    public required int Decoded { get; init; }
    public required int Received { get; init; }

    /// <summary>Windows the decoder's latest-wins queue dropped (whole run, warm-up included).</summary>
    public required long Dropped { get; init; }
    public required long Unmatched { get; init; }

    public required LatencyStats EndToEnd { get; init; }
    public required LatencyStats PushToCut { get; init; }

    /// <summary>Push -> the sample's chunk leaving lsl.inlet: the LSL transport in (incl. the inlet's thread).</summary>
    public required LatencyStats PushToInlet { get; init; }

    /// <summary>lsl.inlet -> window cut: band-pass and windowing.</summary>
    public required LatencyStats InletToCut { get; init; }
    public required LatencyStats CutToDecoded { get; init; }
    public required LatencyStats DecodedToReceived { get; init; }

    /// <summary>Process CPU seconds (all threads) and wall seconds while samples were streamed.</summary>
    public required double CpuSeconds { get; init; }
    public required double WallSeconds { get; init; }
    public required string LoadBefore { get; init; }

    /// <summary>Time the runtime paused threads for garbage collection while samples were streamed, and collections per generation (0, 1, 2).</summary>
    public double GcPauseMs { get; init; }
    public IReadOnlyList<int> GcCollections { get; init; } = [];
    public required string LoadAfter { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];
}
