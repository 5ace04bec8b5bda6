using System.Diagnostics;
using System.Globalization;
using Bci.Core.Logging;
using Bci.Core.Time;
using Bci.Hardware.Profiles;
using Bci.Lsl.Config;
using Bci.Pipelines;
using Bci.Pipelines.Files;
using Bci.Pipelines.Registry;
using Bci.Pipelines.Running;

namespace Bci.Cli.Bench;

/// <summary>
/// End-to-end latency of a live decoding pipeline: a simulated amplifier pushes samples over a managed LSL outlet
/// in real time; a real pipeline (lsl.inlet -> dsp.bandpass -> dsp.window -> decoder -> lsl.decoded-outlet, loaded
/// from YAML like any other) decodes them; a consumer pulls the decoded stream. For each window the latency is the
/// LSL clock at the consumer's pull minus the LSL clock just before the window's last sample was pushed, so the
/// window length itself is not counted. Two probes between the stages split it into its parts.
/// </summary>
public sealed class LatencyBenchmark(LatencySettings settings, DeviceProfile profile, IPipelineLog log)
{
    private static readonly LslConfig Lsl = LslConfig.Loopback;

    public double Rate => settings.Rate ?? profile.NominalRate;
    public int WindowSamples => Math.Max(1, (int)Math.Round(settings.Window * Rate));
    public int StepSamples => Math.Max(1, (int)Math.Round(settings.Step * Rate));
    public long WarmupSamples => (long)Math.Round(settings.Warmup * Rate);
    public long TotalSamples => WarmupSamples + (long)Math.Round(settings.Duration * Rate);

    /// <summary>End indices (last sample + 1) of the windows that are measured: those ending after the warm-up.</summary>
    public IEnumerable<long> MeasuredEnds()
    {
        for (long end = WindowSamples; end <= TotalSamples; end += StepSamples)
            if (end > WarmupSamples) yield return end;
    }

    public LatencyResult Run(DecoderKind decoder, CancellationToken cancellation)
    {
        var scratch = Directory.CreateTempSubdirectory("bci-bench-latency-");
        try
        {
            return Run(decoder, scratch.FullName, cancellation);
        }
        finally
        {
            try { scratch.Delete(recursive: true); }
            catch (IOException) { }
        }
    }

    private LatencyResult Run(DecoderKind decoder, string scratch, CancellationToken cancellation)
    {
        var id = "bci-bench-" + Guid.NewGuid().ToString("N")[..8];
        var separate = settings.SeparateProcess;
        // In a separate process the publisher generates the signal itself; here only the labels and CSP's training windows are needed.
        using var publisher = new SamplePublisher(profile, Rate, separate ? Math.Min(TotalSamples, 20L * WindowSamples) : TotalSamples, settings.Seed, id + "-eeg");
        var labels = publisher.Stream.Channels.Select(c => c.Label).ToList();
        var description = BenchModels.Write(decoder, Path.Combine(scratch, "model"), labels, Rate, WindowSamples, TrainingWindows(publisher));
        File.WriteAllText(Path.Combine(scratch, "lsl_api.cfg"), Lsl.ToFileText());

        var registry = StageRegistry.ForBuiltIns();
        var problems = registry.Register(typeof(WindowProbeStage).Assembly, "bench");
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("; ", problems));
        var pipeline = PipelineLoader.LoadText(PipelineText(decoder, id), "bench-latency.yaml", scratch, registry);
        var trace = new LatencyTrace(Rate, TotalSamples);
        foreach (var node in pipeline.Nodes)
        {
            if (node.Instance is ChunkProbeStage chunks) chunks.Trace = trace;
            if (node.Instance is WindowProbeStage windows) windows.Trace = trace;
            if (node.Instance is DecodedProbeStage decoded) decoded.Trace = trace;
        }

        using var child = separate ? PublisherProcess.Start(PublisherArguments(id + "-eeg"), Path.Combine(scratch, "push-times.bin")) : null;
        if (child is null) publisher.Open(Lsl);
        var errors = new List<string>();
        var run = PipelineRunner.Start(pipeline, new RunOptions { Log = log }, cancellation);
        double cpu, wall, gcPause;
        int[] collections;
        string loadBefore, loadAfter;
        try
        {
            if (child is null ? !publisher.WaitForConsumers(20) : !child.WaitReady(TimeSpan.FromSeconds(120)))
                throw new TimeoutException($"the pipeline's lsl.inlet did not connect to the simulated device{(child is null ? " within 20 s" : $" (publisher process: {child.Errors})")}{RunErrors(run)}");
            using var receiver = new DecodedReceiver(id + "-decoded", Lsl, trace);
            loadBefore = MachineInfo.LoadAverageNow();
            var process = Process.GetCurrentProcess();
            var cpuStart = process.TotalProcessorTime;
            var gcPauseStart = GC.GetTotalPauseDuration();
            var gcStart = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
            var clock = Stopwatch.StartNew();
            double childCpu = 0;
            if (child is null)
            {
                trace.Origin = LslClock.LocalClock() + 0.05;
                publisher.Run(trace, settings.PushChunk, cancellation);
            }
            else
            {
                trace.Origin = LslClock.LocalClock() + 0.2;
                childCpu = child.Publish(trace, TimeSpan.FromSeconds(TotalSamples / Rate + 60));
            }
            var last = MeasuredEnds().LastOrDefault();
            var deadline = Stopwatch.StartNew();
            while (!trace.Received.ContainsKey(last) && deadline.Elapsed < TimeSpan.FromSeconds(5) && !run.Completion.IsCompleted && !cancellation.IsCancellationRequested)
                Thread.Sleep(10);
            wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds + childCpu;
            gcPause = (GC.GetTotalPauseDuration() - gcPauseStart).TotalMilliseconds;
            collections = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - gcStart[g]).ToArray();
            loadAfter = MachineInfo.LoadAverageNow();
            if (!receiver.Connected) errors.Add("the consumer never connected to the decoded stream");
            if (receiver.Error is { } e) errors.Add($"consumer: {e.Message}");
        }
        finally
        {
            run.Stop();
        }
        if (!run.Completion.Wait(TimeSpan.FromSeconds(20))) errors.Add("the pipeline did not stop within 20 s");
        else errors.AddRange(run.Completion.Result.Errors.Select(e => e.Message));
        return Summarise(decoder, description, trace, run, cpu, wall, loadBefore, loadAfter, errors, publisher.Stream.ChannelCount) with
        {
            GcPauseMs = gcPause, GcCollections = collections,
        };
    }

    /// <summary>When set, each run's per-window clock readings are written to this CSV path (the decoder's name is inserted before the extension).</summary>
    public string? TracePath { get; init; }

    private void WriteTrace(DecoderKind decoder, LatencyTrace trace)
    {
        if (TracePath is null) return;
        var path = Path.ChangeExtension(TracePath, null) + "-" + decoder.ToString().ToLowerInvariant() + (Path.GetExtension(TracePath) is { Length: > 0 } e ? e : ".csv");
        using var writer = new StreamWriter(path);
        writer.WriteLine("end_sample,pushed_s,inlet_ms,cut_ms,decoded_ms,pulled_ms");
        foreach (var end in MeasuredEnds())
        {
            var pushed = trace.PushTimes[end - 1];
            string Ms(double t) => double.IsNaN(t) ? "" : ((t - pushed) * 1e3).ToString("0.000", CultureInfo.InvariantCulture);
            string At(IReadOnlyDictionary<long, double> d) => d.TryGetValue(end, out var t) ? Ms(t) : "";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{end},{pushed - trace.Origin:0.000000},{Ms(trace.ArrivalTimes[end - 1])},{At(trace.Cut)},{At(trace.Decoded)},{At(trace.Received)}"));
        }
    }

    private LatencyResult Summarise(DecoderKind decoder, string description, LatencyTrace trace, RunHandle run, double cpu, double wall,
        string loadBefore, string loadAfter, List<string> errors, int channels)
    {
        WriteTrace(decoder, trace);
        var ends = MeasuredEnds().ToList();
        var endToEnd = new List<double>();
        var toCut = new List<double>();
        var toArrived = new List<double>();
        var arrivedToCut = new List<double>();
        var toDecoded = new List<double>();
        var toReceived = new List<double>();
        foreach (var end in ends)
        {
            var pushed = trace.PushTimes[end - 1];
            var hasCut = trace.Cut.TryGetValue(end, out var cut);
            var hasDecoded = trace.Decoded.TryGetValue(end, out var decoded);
            if (hasCut) toCut.Add(cut - pushed);
            var arrived = trace.ArrivalTimes[end - 1];
            if (!double.IsNaN(arrived)) toArrived.Add(arrived - pushed);
            if (hasCut && !double.IsNaN(arrived)) arrivedToCut.Add(cut - arrived);
            if (hasCut && hasDecoded) toDecoded.Add(decoded - cut);
            if (!trace.Received.TryGetValue(end, out var received)) continue;
            endToEnd.Add(received - pushed);
            if (hasDecoded) toReceived.Add(received - decoded);
        }
        return new LatencyResult
        {
            Decoder = decoder, DecoderDescription = description, Channels = channels, Rate = Rate, WindowSamples = WindowSamples, StepSamples = StepSamples,
            Expected = ends.Count,
            Cut = ends.Count(trace.Cut.ContainsKey),
            Decoded = ends.Count(trace.Decoded.ContainsKey),
            Received = ends.Count(trace.Received.ContainsKey),
            Dropped = run.Health.TryGetValue("decoder", out var health) ? health["dropped"] : 0,
            Unmatched = trace.Unmatched,
            EndToEnd = LatencyStats.FromSeconds(endToEnd),
            PushToCut = LatencyStats.FromSeconds(toCut),
            PushToInlet = LatencyStats.FromSeconds(toArrived),
            InletToCut = LatencyStats.FromSeconds(arrivedToCut),
            CutToDecoded = LatencyStats.FromSeconds(toDecoded),
            DecodedToReceived = LatencyStats.FromSeconds(toReceived),
            CpuSeconds = cpu, WallSeconds = wall, LoadBefore = loadBefore, LoadAfter = loadAfter, Errors = errors,
        };
    }

    private static string RunErrors(RunHandle run) =>
        run.Completion.IsCompleted && run.Completion.Result.Errors.Count > 0 ? ": " + string.Join("; ", run.Completion.Result.Errors.Select(e => e.Message)) : "";

    private IEnumerable<string> PublisherArguments(string sourceId) =>
    [
        "--profile", profile.SourcePath ?? settings.Profile, "--channels", profile.ChannelCount.ToString(CultureInfo.InvariantCulture),
        "--rate", Rate.ToString("R", CultureInfo.InvariantCulture), "--samples", TotalSamples.ToString(CultureInfo.InvariantCulture),
        "--seed", settings.Seed.ToString(CultureInfo.InvariantCulture), "--source-id", sourceId,
        "--push-chunk", settings.PushChunk.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>Twenty windows of the simulated signal in volts, channel-major, for fitting CSP+LDA.</summary>
    private List<float[]> TrainingWindows(SamplePublisher publisher)
    {
        var windows = new List<float[]>();
        var count = (int)Math.Min(20, publisher.Samples / WindowSamples);
        for (var i = 0; i < count; i++) windows.Add(publisher.WindowInVolts(i * (long)WindowSamples, WindowSamples));
        return windows;
    }

    private string PipelineText(DecoderKind decoder, string id)
    {
        static string N(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
        var stage = decoder switch
        {
            DecoderKind.Transformer => "decode\n    with: { model: model, device: cpu }",
            DecoderKind.CspLda => "csp-lda\n    with: { model: model }",
            _ => "bench.no-decoder",
        };
        return $$"""
            name: bench-latency
            description: simulated amplifier over LSL -> band-pass -> windows -> decoder -> decoded stream over LSL
            sources:
              - id: eeg
                uses: lsl.inlet
                with: { source-id: {{id}}-eeg, config: lsl_api.cfg, timeout: 30 s, chunk: {{settings.InletChunk}} }
            stages:
              - id: arrived
                uses: bench.probe-chunk
              - id: band
                uses: dsp.bandpass
                with: { low: {{N(settings.Low)}} Hz, high: {{N(settings.High)}} Hz, order: 4 }
              - id: windows
                uses: dsp.window
                with: { length: {{N(WindowSamples / Rate)}} s, step: {{N(StepSamples / Rate)}} s }
              - id: cut
                uses: bench.probe-window
              - id: decoder
                uses: {{stage}}
              - id: decoded
                uses: bench.probe-decoded
            sinks:
              - id: out
                uses: lsl.decoded-outlet
                with: { name: {{id}}-decoded, source-id: {{id}}-decoded, markers: false, config: lsl_api.cfg }
            """;
    }
}
