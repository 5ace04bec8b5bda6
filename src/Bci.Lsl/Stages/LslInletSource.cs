using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Lsl.Config;

namespace Bci.Lsl.Stages;

/// <summary>
/// Pulls a numeric LSL stream into the pipeline: resolves it by name/type/source-id/query, reads channel labels and
/// units from its full info, converts microvolts/millivolts to volts, optionally puts timestamps on the local clock,
/// reconnects when the outlet comes back, and fails with the stream's name when it stays silent past the timeout.
/// </summary>
[Stage("lsl.inlet", Description = "Numeric LSL stream -> sample chunks (resolve by name/type/source-id/query; clock sync; recovery; silence timeout).")]
public sealed class LslInletSource : LslInletStage<SampleChunk>
{
    [Option("timeout", Unit = "s", Description = "Resolve timeout, and how long the stream may stay silent before the run fails; 0 waits forever.")]
    public double Timeout { get; init; } = 10;

    [Option("chunk", Unit = "samples", Description = "Most samples per emitted chunk.")]
    public int Chunk { get; init; } = 32;

    [Option("buffer", Description = "keep-all: every sample; latest-only: drop waiting samples beyond one chunk (lowest latency, drops counted).")]
    public LslBufferPolicy Buffer { get; init; } = LslBufferPolicy.KeepAll;

    [Option("max-buffer", Unit = "s", Description = "Inlet buffer length (liblsl max_buflen); the oldest samples are dropped beyond it.")]
    public double MaxBuffer { get; init; } = 360;

    [Option("dejitter", Description = "Smooth timestamps of regular streams (liblsl's dejitter).")]
    public bool Dejitter { get; init; }

    public override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (Timeout < 0) yield return "timeout cannot be negative";
        if (Chunk < 1) yield return $"chunk must be at least 1 sample, not {Chunk}";
        if (MaxBuffer <= 0) yield return "max-buffer must be above 0 s";
    }

    protected override void Run(StageContext context, CancellationToken stop, IObserver<SampleChunk> observer)
    {
        var (backend, resolved) = Resolve(context, Timeout, stop);
        if (resolved.Format == ChannelFormat.String)
            throw new InvalidDataException($"LSL stream '{resolved.Name}' carries strings: use lsl.markers-inlet");
        var processing = (ClockSync ? LslProcessing.ClockSync : 0) | (Dejitter ? LslProcessing.Dejitter : 0);
        using var inlet = backend.CreateInlet(resolved, new LslInletOptions { MaxBufferSeconds = MaxBuffer, Processing = processing, Log = context.Warn });
        var full = inlet.GetFullInfo(Timeout > 0 ? Timeout : LslConstants.Forever);
        var described = full.ToDescription();
        var scales = described.Channels.Select(c => StreamSelector.VoltsPer(c.Unit)).ToArray();
        var description = described.WithChannels(described.Channels.Select(c => StreamSelector.VoltsPer(c.Unit) != 1 ? c with { Unit = "V" } : c));
        context.Info($"receiving {description} from {resolved.V4Address}:{resolved.V4DataPort} ({backend.Name})");
        if (ClockSync) inlet.TimeCorrection(Timeout > 0 ? Timeout : 5);

        var samples = context.Health.Counter("samples");
        var lag = context.Health.Counter("lag-us", "us");
        var reconnects = context.Health.Counter("reconnects");
        var dropped = context.Health.Counter("dropped");
        var c = Math.Max(1, description.ChannelCount);
        var lastData = DateTime.UtcNow;
        // Pulls land in reused buffers; each emitted chunk gets arrays of its own size (it goes downstream), so a
        // pull of one sample allocates one sample's worth, not a whole chunk's.
        var pulledValues = new double[Chunk * c];
        var pulledTimestamps = new double[Chunk];
        while (!stop.IsCancellationRequested)
        {
            if (Buffer == LslBufferPolicy.LatestOnly && inlet is LslInlet managed) managed.DropAllBut(Chunk);
            var n = inlet.PullChunk<double>(pulledValues, pulledTimestamps, 0.05);
            reconnects.Set(inlet.Reconnects);
            dropped.Set(inlet.DroppedSamples);
            if (n == 0)
            {
                ThrowIfSilent(lastData, Timeout, $"LSL stream '{description.Name}' (source_id '{description.SourceId}')");
                continue;
            }
            lastData = DateTime.UtcNow;
            var values = new double[n * c];
            var timestamps = pulledTimestamps[..n];
            for (var s = 0; s < n; s++)
                for (var ch = 0; ch < c; ch++) values[s * c + ch] = pulledValues[s * c + ch] * scales[ch];
            samples.Add(n);
            lag.Set((long)((context.Clock.Now - timestamps[n - 1]) * 1e6));
            observer.OnNext(SampleChunk.Wrap(description, values, timestamps, n, timesCorrected: ClockSync));
        }
        observer.OnCompleted();
    }
}
