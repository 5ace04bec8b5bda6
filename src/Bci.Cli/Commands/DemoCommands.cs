using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reactive;
using System.Reactive.Linq;
using Bci.Cli.Views;
using Bci.Core.Logging;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Core.Time;
using Bci.Decoding.Baseline;
using Bci.Decoding.Checkpoints;
using Bci.Decoding.Evaluation;
using Bci.Decoding.Objectives;
using Bci.Decoding.Stages;
using Bci.Decoding.Training;
using Bci.Dsp.Stages;
using Bci.Hardware.Profiles;
using Bci.Hardware.Simulation;
using Bci.Lsl;
using Bci.Lsl.Info;
using Bci.Pipelines;
using Bci.Pipelines.Files;
using Bci.Pipelines.Registry;
using Bci.Pipelines.Running;
using Bci.Recording.Xdf;
using MathNet.Numerics.Distributions;
using Spectre.Console;
using YamlDotNet.RepresentationModel;

namespace Bci.Cli.Commands;

/// <summary>
/// `bci demo`: the README's main command, a complete live session on a simulated headset. A simulated amplifier
/// (default the 16-channel g.USBamp profile) publishes EEG and cue markers over LSL; a calibration block of cued
/// left/right-hand imagery trials is cut into epochs by pipelines/demo.yaml's own stages; the contrastive transformer
/// (and CSP+LDA beside it) is trained on them and saved as checkpoints; then the same pipeline decodes live while the
/// simulated user keeps imagining cued movements, with a live view; the whole session (EEG, cues, decoded outputs,
/// session phases, audio cue onsets) is recorded to recordings/demo-TIME.xdf, and a summary reports the online
/// accuracy against the 95% chance bound, the latency and the replay command.
/// </summary>
/// <remarks>
/// The calibration block is simulated ahead of the clock: its samples are stamped as if recorded during the minutes
/// before the live part and streamed at full speed, so that a block long enough to train on takes seconds instead of
/// minutes. Everything after it runs in real time on the LSL clock.
/// </remarks>
public sealed class DemoCommands : ICommandModule
{
    private const string EpochCollectorName = "demo.collect-epochs";
    private const string MonitorName = "demo.monitor";
    private const string TransformerName = "demo-transformer";
    private const string BaselineName = "demo-csp-lda";

    public IEnumerable<Command> CreateCommands()
    {
        var duration = new Option<double>("--duration") { Description = "Seconds of live decoding after calibration and training", DefaultValueFactory = _ => 90 };
        var paradigm = new Option<string>("--paradigm") { Description = "motor-imagery (cued left/right hand imagery) or visual", DefaultValueFactory = _ => "motor-imagery" };
        paradigm.AcceptOnlyFromAmong("motor-imagery", "visual");
        var profile = new Option<string?>("--profile") { Description = "Device profile to simulate: id or path to hardware/X.json (default gtec-gusbamp-16; visual: brainproducts-actichamp-32)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated session and of training: the same seed gives the same session", DefaultValueFactory = _ => 1 };
        var audio = new Option<bool>("--audio") { Description = "Sound each live cue (audio.cue; a WAV beside the recording when there is no sound card)" };
        var calibration = new Option<int?>("--calibration-trials") { Description = "Cued trials in the calibration block (default 60; visual: 100)" };
        var pipeline = new Option<FileInfo?>("--pipeline") { Description = "Pipeline of the live session (default pipelines/demo.yaml; visual: pipelines/demo-visual.yaml)" };
        var command = new Command("demo", "A live decoding session on a simulated headset: calibration, training the contrastive decoder, live decoding with a live view, XDF recording, summary")
        {
            duration, paradigm, profile, seed, audio, calibration, pipeline,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var visual = parse.GetValue(paradigm) == "visual";
            var options = new DemoOptions(
                visual ? Paradigm.Visual : Paradigm.MotorImagery,
                parse.GetValue(duration), parse.GetValue(profile) ?? (visual ? "brainproducts-actichamp-32" : "gtec-gusbamp-16"), parse.GetValue(seed),
                parse.GetValue(audio), parse.GetValue(calibration) ?? (visual ? 100 : 60),
                parse.GetValue(pipeline)?.FullName ?? Path.Combine(RepositoryFiles.Root, "pipelines", visual ? "demo-visual.yaml" : "demo.yaml"));
            try
            {
                return await RunAsync(options, cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                Console.Error.WriteLine("bci demo: stopped (Ctrl+C); what was recorded so far is in recordings/");
                return 130;
            }
            catch (Exception e) when (e is PipelineValidationException or ProfileException or FileNotFoundException or DirectoryNotFoundException
                                          or ArgumentException or InvalidOperationException or InvalidDataException or TimeoutException)
            {
                if (e is PipelineValidationException p)
                    foreach (var problem in p.Problems) Console.Error.WriteLine(problem);
                else Console.Error.WriteLine($"bci demo: {e.Message}");
                return 1;
            }
        });
        yield return command;
    }

    private sealed record DemoOptions(Paradigm Paradigm, double Duration, string Profile, int Seed, bool Audio, int CalibrationTrials, string Pipeline);

    private static async Task<int> RunAsync(DemoOptions options, CancellationToken cancellation)
    {
        if (!(options.Duration > 0)) throw new ArgumentException($"--duration must be above 0 s, not {options.Duration}");
        if (options.CalibrationTrials < 10) throw new ArgumentException($"--calibration-trials must be at least 10 (5 per class), not {options.CalibrationTrials}");
        var wall = Stopwatch.StartNew();
        var profile = ProfileDirectory.Load(options.Profile, RepositoryFiles.Root);
        var profilePath = ProfileDirectory.Resolve(options.Profile, RepositoryFiles.Root);
        var plan = DemoPlan.Load(options.Pipeline);
        var epochs = plan.Epochs;
        // Motor imagery: trials short enough for many per minute, long enough for the epoch (tmax) plus the ERD's
        // recovery. Visual: the pipeline's classes are the images shown, one every 1.0-1.2 s.
        var settings = new SimulationSettings
        {
            Paradigm = options.Paradigm,
            Seed = options.Seed,
            Imagery = Math.Max(2.5, epochs.TMax + 0.1),
            RestMin = 1,
            RestMax = 2,
            FirstCue = 1,
            Stimuli = options.Paradigm == Paradigm.Visual ? StimulusSet.Synthetic(plan.Classes.Count, seed: options.Seed) : null,
        };
        if (settings.Stimuli is { } stimuli && !stimuli.Names.SequenceEqual(plan.Classes))
            throw new ArgumentException($"{options.Pipeline}: the visual demo shows images {string.Join(", ", stimuli.Names)}; name them as the decoder's classes");
        var what = options.Paradigm == Paradigm.Visual
            ? $"visual ({plan.Classes.Count} images, each with a 16-d latent shaping its evoked response)"
            : "motor imagery (T1 = left hand, T2 = right hand)";
        var calibrationCues = CueSchedule.Cues(settings).Take(options.CalibrationTrials).ToList();
        var calibrationLength = calibrationCues[^1].Onset + epochs.TMax + 0.5;

        var stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var recordings = Path.Combine(RepositoryFiles.Root, "recordings");
        Directory.CreateDirectory(recordings);
        var recordingPath = Path.Combine(recordings, $"demo-{stamp}.xdf");
        var wavPath = Path.Combine(recordings, $"demo-{stamp}-cues.wav");
        var transformerFolder = Path.Combine(RepositoryFiles.Root, "models", "demo-transformer");
        var baselineFolder = Path.Combine(RepositoryFiles.Root, "models", "demo-csp-lda");
        var sourceId = $"bci-demo-{profile.Id}-{options.Seed}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

        using var device = new SimulatedLslDevice(profile, settings, sourceId: sourceId);
        var stream = device.Stream;
        Console.WriteLine($"demo: simulated {profile.Name} ('{stream.Name}', {stream.ChannelCount} ch, {stream.NominalRate:0.###} Hz) on LSL, " +
                          $"{what}, seed {options.Seed}; pipeline {Path.GetRelativePath(RepositoryFiles.Root, options.Pipeline)}");
        using var recorder = SessionRecorder.Start(recordingPath, stream.SourceId, device.MarkerStream.SourceId!, TimeSpan.FromSeconds(15));
        recorder.Phase("calibration-start", LslClock.LocalClock() - calibrationLength);

        // ---- calibration: the pipeline's own stages cut the epochs, from LSL as in a real session
        var calibrationPipeline = plan.Calibration(stream.SourceId, device.MarkerStream.SourceId!, profilePath);
        var collector = (EpochCollector)calibrationPipeline[DemoPlan.CollectorId].Instance;
        var calibrationLog = new MemoryLog();
        using var stopDevice = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var calibrationRun = PipelineRunner.Start(calibrationPipeline, new RunOptions { Log = calibrationLog }, cancellation);
        Task deviceRun;
        double calibrationSeconds;
        try
        {
            await WaitForConsumersAsync(device, 2, calibrationRun.Completion, cancellation);
            Console.WriteLine($"calibration: {calibrationCues.Count} cued trials of {string.Join(", ", plan.Classes)} ({calibrationLength:0} s of session), simulated ahead of the clock and streamed at full speed ...");
            var calibrationClock = Stopwatch.StartNew();
            deviceRun = Task.Run(() => device.RunAsync(0, 0, stopDevice.Token, fastForward: calibrationLength), CancellationToken.None);
            while (collector.Windows.Count < calibrationCues.Count && !calibrationRun.Completion.IsCompleted && !deviceRun.IsCompleted
                   && calibrationClock.Elapsed < TimeSpan.FromSeconds(60) + TimeSpan.FromSeconds(calibrationLength / 10))
                await Task.Delay(100, cancellation);
            calibrationRun.Stop();
            var calibrationResult = await calibrationRun.Completion;
            if (!calibrationResult.Succeeded)
                throw new InvalidOperationException($"calibration failed: {string.Join("; ", calibrationResult.Errors.Select(e => e.Message))}");
            calibrationSeconds = calibrationClock.Elapsed.TotalSeconds;
        }
        catch
        {
            calibrationRun.Stop();
            await stopDevice.CancelAsync();
            throw;
        }
        recorder.Phase("calibration-end", device.Origin + calibrationLength);

        // ---- training
        recorder.Phase("training-start", LslClock.LocalClock());
        // The device goes on in real time after the block: later cues belong to the live part.
        var calibrationEnd = device.Origin + calibrationLength;
        var set = EpochSet.FromWindows(collector.Windows.Where(w => w.Event is { } e && e.Timestamp < calibrationEnd).OrderBy(w => w.Event!.Timestamp)
            .Take(calibrationCues.Count).Select(w => (w, "calibration")), plan.Classes);
        Console.WriteLine($"calibration: {set.Count} epochs in {calibrationSeconds:0.0} s");
        var trained = Train(plan, set, options.Seed, transformerFolder, baselineFolder, cancellation);
        recorder.Phase("training-end", LslClock.LocalClock());

        // ---- live decoding
        var monitor = new LiveMonitor(plan.Classes, trained.Decoders, 1.0 / set.Rate, recorder);
        var live = plan.Live(stream.SourceId, device.MarkerStream.SourceId!, profilePath, transformerFolder, baselineFolder, options.Audio ? wavPath : null);
        foreach (var sink in live.Nodes.Select(n => n.Instance).OfType<MonitorSink>()) sink.Monitor = monitor;
        var liveLog = new MemoryLog();
        Console.WriteLine($"live: decoding for {options.Duration:0.#} s while the simulated user {(options.Paradigm == Paradigm.Visual ? "sees the images" : "imagines the cued movements")} (the session is recorded to " +
                          $"{Path.GetRelativePath(Environment.CurrentDirectory, recordingPath)})");
        var liveStart = LslClock.LocalClock();
        recorder.Phase("live-start", liveStart);
        // Only while the live view runs: a crash message must never wait in the filter's pipe.
        var quiet = NativeWarningFilter.Install("Could not initialize NNPACK");
        var run = PipelineRunner.Start(live, new RunOptions { Duration = TimeSpan.FromSeconds(options.Duration), Log = liveLog }, cancellation);
        DemoSnapshot Snapshot() => monitor.Snapshot(run, plan, stream, options.Paradigm == Paradigm.Visual ? "visual" : "motor-imagery", LslClock.LocalClock() - liveStart, options.Duration, Path.GetRelativePath(Environment.CurrentDirectory, recordingPath));
        if (DemoLiveView.Interactive) await DemoLiveView.ShowUntilDoneAsync(Snapshot, run.Completion, AnsiConsole.Console);
        else await DemoLiveView.PrintUntilDoneAsync(Snapshot, run.Completion, Console.Out, TimeSpan.FromSeconds(10));
        var result = await run.Completion;
        quiet.Dispose();
        recorder.Phase("live-end", LslClock.LocalClock());

        // Let the recorder's inlets take the last samples before the device and the file close.
        await Task.Delay(300, CancellationToken.None);
        await stopDevice.CancelAsync();
        try { await deviceRun; } catch (OperationCanceledException) { }
        recorder.Dispose();

        foreach (var (level, source, message) in liveLog.Lines.Where(l => l.Level >= LogLevel.Warning || l.Message.Contains("latency", StringComparison.Ordinal)
                                                                         || (l.Source == plan.StatsNode && l.Message.Contains(" samples x ", StringComparison.Ordinal))))
            Console.WriteLine($"{source}: {(source == plan.StatsNode ? message.Split('\n')[0] : message)}");
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) Console.Error.WriteLine($"bci demo: {error.Message}");
            Console.Error.WriteLine($"session recorded to {Path.GetRelativePath(Environment.CurrentDirectory, recordingPath)}");
            return 1;
        }
        Summarise(monitor, trained, recorder, options.Audio ? wavPath : null, wall.Elapsed);
        return 0;
    }

    private static async Task WaitForConsumersAsync(SimulatedLslDevice device, int consumers, Task failed, CancellationToken cancellation)
    {
        // The calibration is streamed in one burst: the recorder and the pipeline must be listening before it starts.
        var clock = Stopwatch.StartNew();
        while (device.Consumers < consumers || device.MarkerConsumers < consumers)
        {
            if (failed.IsCompleted) return;
            if (clock.Elapsed > TimeSpan.FromSeconds(20))
                throw new TimeoutException($"the pipeline did not connect to the simulated device within 20 s ({device.Consumers} signal and {device.MarkerConsumers} marker inlets)");
            await Task.Delay(50, cancellation);
        }
        await Task.Delay(200, cancellation); // the inlets' first pull
    }

    private sealed record TrainedDecoders(IReadOnlyList<string> Decoders, string Transformer, double TransformerSeconds, double TransformerTrainAccuracy,
        int Epochs, int Parameters, double BaselineSeconds, double BaselineTrainAccuracy, int Trials);

    private static TrainedDecoders Train(DemoPlan plan, EpochSet set, int seed, string transformerFolder, string baselineFolder, CancellationToken cancellation)
    {
        var decode = plan.Decoder;
        Console.WriteLine($"training on {set.Count} calibration epochs ({string.Join(", ", set.Classes.Select((c, i) => $"{c}: {set.Epochs.Count(e => e.Label == i)}"))}), " +
                          $"{set.Channels.Count} ch x {set.Samples} samples at {set.Rate:0.###} Hz");
        var config = new TrainingConfig
        {
            Size = decode.Size,
            MaxEpochs = decode.Epochs,
            BatchSize = decode.Batch,
            LearningRate = decode.LearningRate,
            Patience = decode.Patience,
            Seed = decode.Seed + seed,
            Views = decode.Views,
            Objective = new ObjectiveWeights { InfoNce = decode.InfoNce, SupervisedContrastive = decode.SupervisedContrastive, CrossEntropy = decode.CrossEntropy },
            Device = decode.Device,
            WarmupEpochs = Math.Min(5, Math.Max(1, decode.Epochs / 10)),
            // One libtorch thread: a model this small gains nothing from more, and on a loaded machine OpenMP's
            // spinning worker threads made the same training 30 times slower (measured: 449 s instead of 15 s).
            Threads = 1,
        };
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var progress = new TrainingProgress();
        var (decoder, result) = ContrastiveTrainer.Train(set, config, progress, cancellation);
        int parameters;
        double trainAccuracy;
        using (decoder)
        {
            progress.Finish();
            var predicted = decoder.Predict(set.Epochs.Select(e => e.Data).ToList()).Select(p => Array.IndexOf(p.Probabilities, p.Probabilities.Max())).ToList();
            trainAccuracy = predicted.Where((p, i) => p == set.Epochs[i].Label).Count() / (double)set.Count;
            parameters = (int)decoder.Encoder.ParameterCount;
            var manifest = Manifest(plan, ModelManifest.TransformerKind, TransformerName, set) with
            {
                InputScale = decoder.InputScale,
                Encoder = decoder.Config,
                Objective = config.Objective,
                ParameterCount = decoder.Encoder.ParameterCount,
                LatentSpace = $"class-prototypes:seed={config.Seed}:d={decoder.Config.EmbeddingDim}",
                Training = new Dictionary<string, object>
                {
                    ["size"] = config.Size.ToString().ToLowerInvariant(), ["seed"] = config.Seed, ["max-epochs"] = config.MaxEpochs,
                    ["epochs-run"] = result.History.Count, ["seconds"] = Math.Round(result.Elapsed.TotalSeconds, 1), ["runs"] = new[] { "demo calibration" },
                },
                Metrics = new Dictionary<string, double> { ["training-accuracy"] = trainAccuracy },
            };
            TransformerCheckpoint.Save(transformerFolder, decoder, manifest);
        }
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine($"training: {parameters:N0}-parameter {config.Size.ToString().ToLowerInvariant()} contrastive transformer, {result.History.Count} epochs in " +
                          $"{result.Elapsed.TotalSeconds:0.0} s ({cpuSeconds:0.0} s CPU), accuracy on the calibration epochs {trainAccuracy:P0}; saved to {Path.GetRelativePath(Environment.CurrentDirectory, transformerFolder)}");

        var decoders = new List<string> { TransformerName };
        var baselineSeconds = double.NaN;
        var baselineAccuracy = double.NaN;
        if (plan.Baseline is { } baseline)
        {
            var clock = Stopwatch.StartNew();
            var model = CspLdaModel.Train(set, baseline.Pairs);
            baselineSeconds = clock.Elapsed.TotalSeconds;
            baselineAccuracy = set.Epochs.Count(e => { var p = model.Predict(e.Data); return Array.IndexOf(p, p.Max()) == e.Label; }) / (double)set.Count;
            model.Save(baselineFolder, Manifest(plan, ModelManifest.CspLdaKind, BaselineName, set) with
            {
                Metrics = new Dictionary<string, double> { ["training-accuracy"] = baselineAccuracy },
            });
            decoders.Add(BaselineName);
            Console.WriteLine($"training: CSP+LDA baseline ({baseline.Pairs} filter pairs) in {baselineSeconds:0.00} s, accuracy on the calibration epochs {baselineAccuracy:P0}; " +
                              $"saved to {Path.GetRelativePath(Environment.CurrentDirectory, baselineFolder)}");
        }
        return new TrainedDecoders(decoders, TransformerName, result.Elapsed.TotalSeconds, trainAccuracy, result.History.Count, parameters,
            baselineSeconds, baselineAccuracy, set.Count);
    }

    private static ModelManifest Manifest(DemoPlan plan, string kind, string name, EpochSet set) => new()
    {
        Kind = kind,
        Name = name,
        Channels = set.Channels,
        Rate = set.Rate,
        Samples = set.Samples,
        EpochStart = plan.Epochs.TMin,
        Classes = set.Classes,
        Preprocessing = plan.Preprocessing,
    };

    /// <summary>How the view and the summary name a decoder (its checkpoint and recorded stream keep the model name).</summary>
    private static string Display(string decoder) => decoder switch
    {
        TransformerName => "transformer",
        BaselineName => "CSP+LDA",
        _ => decoder,
    };

    private static void Summarise(LiveMonitor monitor, TrainedDecoders trained, SessionRecorder recorder, string? wav, TimeSpan wall)
    {
        Console.WriteLine();
        Console.WriteLine("summary");
        var classes = monitor.Classes.Count;
        foreach (var (decoder, i) in monitor.Decoders.Select((d, i) => (d, i)))
        {
            var (n, k) = monitor.Score(i);
            var bound = ClassificationMetrics.ChanceUpperBound(n, classes, 0.05);
            var p = n == 0 ? double.NaN : k == 0 ? 1.0 : 1.0 - Binomial.CDF(1.0 / classes, n, k - 1);
            var verdict = n == 0 ? "no trials decoded" : p <= 0.05 ? "above chance" : "not significantly above chance";
            var latency = monitor.Latencies(i);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Display(decoder)}: online accuracy {(n == 0 ? double.NaN : (double)k / n):P1} ({k}/{n} cued trials); chance {1.0 / classes:P0}, 95% chance bound {bound:P1} " +
                $"(binomial, n = {n}): {verdict} (p = {p:0.####})"));
            if (latency.Length > 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {Display(decoder)}: latency from the epoch's last sample to the decoded output p50 {Percentiles.Of(latency, 0.5):0.0} ms, p99 {Percentiles.Of(latency, 0.99):0.0} ms, " +
                    $"max {latency[^1]:0.0} ms ({latency.Length} windows)"));
        }
        var baseline = double.IsFinite(trained.BaselineSeconds)
            ? string.Create(CultureInfo.InvariantCulture, $"; CSP+LDA in {trained.BaselineSeconds:0.00} s ({trained.BaselineTrainAccuracy:P0})")
            : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  training: transformer {trained.Parameters:N0} parameters, {trained.Epochs} epochs in {trained.TransformerSeconds:0.0} s ({trained.TransformerTrainAccuracy:P0} on its {trained.Trials} calibration epochs)") + baseline);
        Console.WriteLine($"  recorded {recorder.Describe()}");
        if (wav is not null) Console.WriteLine($"  audio cues written to {Path.GetRelativePath(Environment.CurrentDirectory, wav)} ({monitor.AudioOnsets} cue onsets)");
        Console.WriteLine($"  demo took {wall.TotalSeconds:0} s");
        var relative = Path.GetRelativePath(RepositoryFiles.Root, recorder.Path);
        Console.WriteLine($"session recorded to {Path.GetRelativePath(Environment.CurrentDirectory, recorder.Path)}; replay it with: ./bci replay {relative}");
    }

    /// <summary>A one-line progress bar while the transformer trains (a line every 10 epochs without a terminal).</summary>
    private sealed class TrainingProgress : IProgress<EpochProgress>
    {
        private readonly bool _interactive = DemoLiveView.Interactive;
        private bool _drawn;

        public void Report(EpochProgress p)
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"training: epoch {p.Epoch,3}/{p.MaxEpochs} [{new string('#', 20 * p.Epoch / p.MaxEpochs),-20}] loss {p.TrainLoss:0.000} accuracy {p.TrainAccuracy:P0} | {p.Elapsed.TotalSeconds:0} s");
            if (!_interactive)
            {
                if (p.Epoch == 1 || p.Epoch % 10 == 0 || p.Epoch == p.MaxEpochs) Console.WriteLine(line);
                return;
            }
            Console.Write("\r" + line.PadRight(Math.Max(line.Length, Console.WindowWidth - 1)));
            _drawn = true;
        }

        public void Finish()
        {
            if (_drawn) Console.WriteLine();
        }
    }

    /// <summary>
    /// pipelines/demo.yaml, read once and turned into the two pipelines the session runs: the calibration (its
    /// stages up to the epoch node, with a collecting sink) and the live one (the whole file plus the demo's monitor
    /// sinks and, with --audio, an audio.cue stage). In both, the LSL inlets are pointed at the simulated device by
    /// source id and the device check at the simulated profile.
    /// </summary>
    private sealed class DemoPlan
    {
        public const string CollectorId = "demo-calibration-epochs";
        private readonly string _file;
        private readonly string _text;
        private readonly Pipeline _pipeline;

        private DemoPlan(string file, string text, Pipeline pipeline, string decoderId, string? baselineId)
        {
            _file = file;
            _text = text;
            _pipeline = pipeline;
            DecoderId = decoderId;
            BaselineId = baselineId;
            EpochsId = pipeline[decoderId].Inputs["data"];
            if (pipeline[EpochsId].Instance is not EpochStage epochs)
                throw new ArgumentException($"{file}: the decoder '{decoderId}' must read a dsp.epoch node (it reads '{EpochsId}')");
            Epochs = epochs;
            Decoder = (DecodeStage)pipeline[decoderId].Instance;
            Baseline = baselineId is null ? null : (CspLdaStage)pipeline[baselineId].Instance;
            var above = Ancestors(EpochsId);
            Preprocessing = pipeline.Nodes.Where(n => n.Kind == NodeKind.Stage && above.Contains(n.Id))
                .Select(n => new PreprocessingStep(n.Id, n.Stage.Name, n.Spec.Options.ToDictionary(o => o.Name, o => o.Node.ToString()))).ToList();
            Classes = Decoder.Classes.Count > 0 ? Decoder.Classes : Epochs.Events;
            if (Classes.Count < 2) throw new ArgumentException($"{file}: name the classes of '{decoderId}' (classes: [T1, T2])");
            StatsNode = pipeline.Nodes.FirstOrDefault(n => n.Stage.Name == "stats")?.Id;
        }

        public string DecoderId { get; }
        public string? BaselineId { get; }
        public string EpochsId { get; }
        public EpochStage Epochs { get; }
        public DecodeStage Decoder { get; }
        public CspLdaStage? Baseline { get; }
        public IReadOnlyList<PreprocessingStep> Preprocessing { get; }
        public IReadOnlyList<string> Classes { get; }
        public string? StatsNode { get; }
        public string SignalNode => _pipeline.Nodes.First(n => n.Stage.Name == "lsl.inlet").Id;
        public string? MarkerNode => _pipeline.Nodes.FirstOrDefault(n => n.Stage.Name == "lsl.markers-inlet")?.Id;
        public string? CheckNode => _pipeline.Nodes.FirstOrDefault(n => n.Stage.Name == "device.check")?.Id;

        public static DemoPlan Load(string file)
        {
            var text = File.ReadAllText(file);
            var pipeline = PipelineLoader.LoadText(text, file, Path.GetDirectoryName(Path.GetFullPath(file))!, Registry());
            var decoder = pipeline.Nodes.FirstOrDefault(n => n.Stage.Name == "decode")
                          ?? throw new ArgumentException($"{file}: the demo needs a decode node (the contrastive transformer) reading epochs");
            if (pipeline.Nodes.All(n => n.Stage.Name != "lsl.inlet") || pipeline.Nodes.All(n => n.Stage.Name != "lsl.markers-inlet"))
                throw new ArgumentException($"{file}: the demo needs an lsl.inlet and an lsl.markers-inlet source (the simulated device publishes on LSL)");
            var baseline = pipeline.Nodes.FirstOrDefault(n => n.Stage.Name == "csp-lda" && n.Inputs["data"] == decoder.Inputs["data"]);
            return new DemoPlan(Path.GetFullPath(file), text, pipeline, decoder.Id, baseline?.Id);
        }

        private static StageRegistry Registry()
        {
            var registry = StageRegistry.ForBuiltIns();
            registry.Register(typeof(EpochCollector).Assembly, "bci demo");
            return registry;
        }

        private HashSet<string> Ancestors(string id)
        {
            var above = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>([id]);
            while (pending.Count > 0)
            {
                var next = pending.Pop();
                if (!above.Add(next)) continue;
                foreach (var input in _pipeline[next].Inputs.Values) pending.Push(input);
            }
            return above;
        }

        public Pipeline Calibration(string signalSource, string markerSource, string profile)
        {
            var keep = Ancestors(EpochsId);
            var root = Rewrite(keep, signalSource, markerSource, profile, new Dictionary<string, string>());
            Sinks(root).Add(new YamlMappingNode { { "id", CollectorId }, { "uses", EpochCollectorName }, { "input", EpochsId } });
            return Load(root, "calibration");
        }

        public Pipeline Live(string signalSource, string markerSource, string profile, string transformer, string baseline, string? wav)
        {
            var models = new Dictionary<string, string> { [DecoderId] = transformer };
            if (BaselineId is not null) models[BaselineId] = baseline;
            var root = Rewrite(_pipeline.Nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal), signalSource, markerSource, profile, models);
            var sinks = Sinks(root);
            foreach (var id in new[] { DecoderId, BaselineId }.OfType<string>())
                sinks.Add(new YamlMappingNode { { "id", $"demo-monitor-{id}" }, { "uses", MonitorName }, { "input", id } });
            if (wav is not null && MarkerNode is { } cues)
            {
                var stages = (YamlSequenceNode)root.Children[new YamlScalarNode("stages")];
                stages.Add(new YamlMappingNode
                {
                    { "id", "demo-audio-cues" }, { "uses", "audio.cue" }, { "input", cues },
                    { "with", new YamlMappingNode { { "device", "file:" + wav }, { "sounds", new YamlSequenceNode("T1=tone:440:0.3", "T2=tone:660:0.3", "*=tone:880:0.1") } } },
                });
                sinks.Add(new YamlMappingNode { { "id", "demo-monitor-audio" }, { "uses", MonitorName }, { "input", "demo-audio-cues" } });
            }
            return Load(root, "live");
        }

        private Pipeline Load(YamlMappingNode root, string part)
        {
            var writer = new StringWriter();
            new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
            return PipelineLoader.LoadText(writer.ToString(), $"{_file} ({part})", Path.GetDirectoryName(_file)!, Registry());
        }

        private static YamlSequenceNode Sinks(YamlMappingNode root)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode("sinks"), out var sinks))
                root.Add("sinks", sinks = new YamlSequenceNode());
            return (YamlSequenceNode)sinks;
        }

        /// <summary>A copy of the file with only <paramref name="keep"/>, every input explicit, and the session's sources, profile and models.</summary>
        private YamlMappingNode Rewrite(IReadOnlySet<string> keep, string signalSource, string markerSource, string profile, IReadOnlyDictionary<string, string> models)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(_text));
            var original = (YamlMappingNode)stream.Documents[0].RootNode;
            var root = new YamlMappingNode();
            foreach (var (key, value) in original.Children)
            {
                var name = ((YamlScalarNode)key).Value;
                if (name is not ("sources" or "stages" or "sinks"))
                {
                    root.Add(key, value);
                    continue;
                }
                var list = new YamlSequenceNode();
                foreach (var item in ((YamlSequenceNode)value).Children.OfType<YamlMappingNode>())
                {
                    var id = ((YamlScalarNode)item.Children[new YamlScalarNode("id")]).Value!;
                    if (!keep.Contains(id)) continue;
                    var node = _pipeline[id];
                    var copy = new YamlMappingNode();
                    foreach (var (k, v) in item.Children)
                        if (((YamlScalarNode)k).Value is not ("input" or "with")) copy.Add(k, v);
                    if (node.Kind != NodeKind.Source)
                        copy.Add("input", node.Inputs.Count == 1 && node.Inputs.ContainsKey("data")
                            ? new YamlScalarNode(node.Inputs["data"])
                            : new YamlMappingNode(node.Inputs.Select(i => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(i.Key), new YamlScalarNode(i.Value)))));
                    var with = item.Children.TryGetValue(new YamlScalarNode("with"), out var w) && w is YamlMappingNode m
                        ? new YamlMappingNode(m.Children)
                        : new YamlMappingNode();
                    switch (node.Stage.Name)
                    {
                        case "lsl.inlet":
                            Select(with, signalSource);
                            break;
                        case "lsl.markers-inlet":
                            Select(with, markerSource);
                            break;
                        case "device.check":
                            Set(with, "profile", profile);
                            break;
                    }
                    if (models.TryGetValue(id, out var model)) Set(with, "model", model);
                    if (with.Children.Count > 0) copy.Add("with", with);
                    list.Add(copy);
                }
                root.Add(key, list);
            }
            if (!root.Children.ContainsKey(new YamlScalarNode("stages"))) root.Add("stages", new YamlSequenceNode());
            return root;
        }

        private static void Select(YamlMappingNode with, string sourceId)
        {
            foreach (var key in new[] { "name", "type", "query", "source-id" }) with.Children.Remove(new YamlScalarNode(key));
            with.Add("source-id", sourceId);
        }

        private static void Set(YamlMappingNode with, string key, string value)
        {
            with.Children.Remove(new YamlScalarNode(key));
            with.Add(key, value);
        }
    }

    /// <summary>Keeps the calibration epochs (registered for `bci demo` only, not a built-in).</summary>
    [Stage(EpochCollectorName, Description = "Collects the calibration epochs of bci demo.")]
    private sealed class EpochCollector : ISink<SignalWindow>
    {
        public ConcurrentQueue<SignalWindow> Windows { get; } = new();

        public IObservable<Unit> Consume(IObservable<SignalWindow> input, StageContext context) =>
            Observable.Create<Unit>(observer => input.Subscribe(Windows.Enqueue, observer.OnError, observer.OnCompleted));
    }

    /// <summary>Hands the live pipeline's decoded outputs and audio onsets to the session's monitor (bci demo only).</summary>
    [Stage(MonitorName, Description = "Feeds bci demo's live view, scores and recording.")]
    private sealed class MonitorSink : ISink<object>
    {
        public LiveMonitor? Monitor { get; set; }

        public IObservable<Unit> Consume(IObservable<object> input, StageContext context) =>
            Observable.Create<Unit>(observer => input.Subscribe(item => Monitor?.Observe(item, context.Clock.Now), observer.OnError, observer.OnCompleted));
    }

    /// <summary>
    /// The live part's bookkeeping: every decoded output is matched to its cue (the epoch's event), scored, timed
    /// (LSL time it arrives here minus the time of the epoch's last sample) and written to the recording.
    /// </summary>
    private sealed class LiveMonitor(IReadOnlyList<string> classes, IReadOnlyList<string> decoders, double samplePeriod, SessionRecorder recorder)
    {
        private readonly object _gate = new();
        private readonly List<TrialState> _trials = [];
        private readonly List<float>[] _latencies = decoders.Select(_ => new List<float>()).ToArray();
        private readonly IReadOnlyList<double>[] _last = decoders.Select(_ => (IReadOnlyList<double>)[]).ToArray();
        private int _audio;

        public IReadOnlyList<string> Classes { get; } = classes;
        public IReadOnlyList<string> Decoders { get; } = decoders;

        public int AudioOnsets
        {
            get { lock (_gate) return _audio; }
        }

        private sealed class TrialState(int number, MarkerEvent cue, int decoders)
        {
            public int Number { get; } = number;
            public MarkerEvent Cue { get; } = cue;
            public string?[] Predicted { get; } = new string?[decoders];
            public double?[] Probability { get; } = new double?[decoders];
            public double?[] Latency { get; } = new double?[decoders];
        }

        public void Observe(object item, double now)
        {
            switch (item)
            {
                case DecodedOutput output:
                    recorder.Decoded(output, now);
                    var index = IndexOf(output.Decoder);
                    if (index < 0 || output.Event is null) return;
                    var latency = (now - (output.Timestamp - samplePeriod)) * 1000;
                    lock (_gate)
                    {
                        var trial = _trials.FirstOrDefault(t => Math.Abs(t.Cue.Timestamp - output.Event.Timestamp) < 1e-6 && t.Cue.Value == output.Event.Value);
                        if (trial is null)
                        {
                            trial = new TrialState(_trials.Count + 1, output.Event, Decoders.Count);
                            _trials.Add(trial);
                        }
                        trial.Predicted[index] = output.PredictedClass;
                        trial.Probability[index] = output.Probabilities[output.PredictedIndex];
                        trial.Latency[index] = latency;
                        _latencies[index].Add((float)latency);
                        _last[index] = output.Probabilities;
                    }
                    break;
                case MarkerEvent onset:
                    recorder.Marker(onset);
                    lock (_gate) _audio++;
                    break;
            }
        }

        private int IndexOf(string decoder)
        {
            for (var i = 0; i < Decoders.Count; i++)
                if (Decoders[i] == decoder) return i;
            return -1;
        }

        public (int Trials, int Correct) Score(int decoder)
        {
            lock (_gate)
            {
                var answered = _trials.Where(t => t.Predicted[decoder] is not null).ToList();
                return (answered.Count, answered.Count(t => t.Predicted[decoder] == t.Cue.Value));
            }
        }

        public float[] Latencies(int decoder)
        {
            lock (_gate) return _latencies[decoder].Order().ToArray();
        }

        public DemoSnapshot Snapshot(RunHandle run, DemoPlan plan, StreamDescription stream, string paradigm, double elapsed, double duration, string recording)
        {
            var signal = run.Health[plan.SignalNode];
            var check = plan.CheckNode is { } c ? run.Health[c] : null;
            var scores = Decoders.Select((_, i) => Score(i)).ToList();
            lock (_gate)
            {
                return new DemoSnapshot
                {
                    Title = $"bci demo: live {paradigm} decoding ({stream.Name}, {stream.ChannelCount} ch)",
                    Elapsed = Math.Min(elapsed, duration),
                    Duration = duration,
                    Stream = stream.Name,
                    Samples = signal["samples"],
                    SampleRate = stream.NominalRate,
                    LagMs = signal["lag-us"] / 1000.0,
                    DroppedSamples = signal["dropped"] + (check?["lost-samples"] ?? 0),
                    Gaps = check?["gaps"] ?? 0,
                    Reconnects = signal["reconnects"],
                    Cues = plan.MarkerNode is { } m ? run.Health[m]["markers"] : 0,
                    Epochs = run.Health[plan.EpochsId]["items"],
                    Decoders = Decoders.Select(Display).ToList(),
                    Trials = scores.Select(s => s.Trials).ToList(),
                    Correct = scores.Select(s => s.Correct).ToList(),
                    DroppedWindows = Decoders.Select((_, i) => run.Health[i == 0 ? plan.DecoderId : plan.BaselineId!]["dropped"]).ToList(),
                    LatencyP50Ms = _latencies.Select(l => l.Count == 0 ? double.NaN : (double)l.Order().ElementAt(l.Count / 2)).ToList(),
                    Classes = Classes,
                    LastProbabilities = _last.ToList(),
                    RecentTrials = _trials.TakeLast(8).Select(t => new DemoTrial(t.Number, t.Cue.Value, t.Cue.Timestamp, t.Predicted, t.Probability, t.Latency)).ToList(),
                    Recording = recording,
                };
            }
        }
    }

    /// <summary>
    /// Records the session into one XDF file as LabRecorder would: the device's signal and cue streams from their own
    /// LSL inlets (outlet timestamps plus clock offsets), and, written directly, the decoded outputs of each decoder,
    /// the audio cue onsets and the session's phases (calibration, training, live).
    /// </summary>
    private sealed class SessionRecorder : IDisposable
    {
        private readonly XdfWriter _writer;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Thread> _threads = [];
        private readonly ConcurrentDictionary<string, uint> _streams = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string> _failures = new(StringComparer.Ordinal);
        private readonly object _gate = new();
        private bool _disposed;

        private SessionRecorder(string path)
        {
            Path = path;
            _writer = new XdfWriter(path);
        }

        public string Path { get; }

        public static SessionRecorder Start(string path, string signalSource, string markerSource, TimeSpan timeout)
        {
            var recorder = new SessionRecorder(path);
            try
            {
                var resolver = new LslResolver();
                foreach (var sourceId in new[] { signalSource, markerSource })
                {
                    var found = resolver.ResolveByProperty("source_id", sourceId, 1, timeout.TotalSeconds);
                    if (found.Count == 0) throw new TimeoutException($"the recorder did not find the LSL stream with source id '{sourceId}' within {timeout.TotalSeconds:0} s");
                    recorder.Follow(found[0], timeout);
                }
                return recorder;
            }
            catch
            {
                recorder.Dispose();
                throw;
            }
        }

        private void Follow(LslStreamInfo info, TimeSpan timeout)
        {
            var inlet = new LslInlet(info);
            try
            {
                inlet.Open(timeout.TotalSeconds);
                var description = inlet.GetFullInfo(timeout.TotalSeconds).ToDescription();
                var id = _writer.AddStream(description);
                _counts[description.Name] = 0;
                var thread = new Thread(() => Pull(inlet, description, id)) { IsBackground = true, Name = $"bci demo: record {description.Name}" };
                _threads.Add(thread);
                thread.Start();
            }
            catch
            {
                inlet.Dispose();
                throw;
            }
        }

        private void Pull(LslInlet inlet, StreamDescription description, uint id)
        {
            try
            {
                using (inlet)
                {
                    var channels = Math.Max(1, description.ChannelCount);
                    var lastCorrection = double.NegativeInfinity;
                    var strings = new string[channels];
                    var values = new double[channels * 1024];
                    var times = new double[1024];
                    var stop = _stop.Token;
                    while (!stop.IsCancellationRequested)
                    {
                        if (LslClock.LocalClock() - lastCorrection > 5)
                        {
                            try { _writer.SetClockOffset(id, inlet.TimeCorrection(1)); }
                            catch (TimeoutException) { }
                            lastCorrection = LslClock.LocalClock();
                        }
                        if (description.Format == ChannelFormat.String)
                        {
                            if (!inlet.TryPullStrings(strings, 0.05, out var t)) continue;
                            _writer.Write(id, [new MarkerEvent(strings[0], t, description.Name)]);
                            _counts.AddOrUpdate(description.Name, 1, (_, n) => n + 1);
                            continue;
                        }
                        var count = inlet.PullChunk<double>(values, times, 0.05);
                        if (count == 0) continue;
                        _writer.Write(id, SampleChunk.Wrap(description, values[..(count * channels)], times[..count]));
                        _counts.AddOrUpdate(description.Name, count, (_, n) => n + count);
                    }
                }
            }
            catch (Exception e)
            {
                // A thread must not take the process down: while recording this is a lost stream, reported in the
                // summary; when shutting down (the writer closed under us) it is nothing, and what was written stays readable.
                if (!_stop.IsCancellationRequested) _failures[description.Name] = $"{e.GetType().Name}: {e.Message}";
            }
        }

        public void Phase(string name, double time) => Marker(new MarkerEvent(name, time, "bci-demo-session"));

        public void Marker(MarkerEvent marker)
        {
            lock (_gate)
            {
                if (_disposed) return;
                var name = string.IsNullOrEmpty(marker.StreamName) ? "markers" : marker.StreamName;
                var id = _streams.GetOrAdd("m:" + name, _ => _writer.AddStream(new StreamDescription(name, "Markers", [new ChannelInfo("marker", "Markers", "")],
                    StreamDescription.IrregularRate, ChannelFormat.String, name)));
                _writer.Write(id, [marker]);
                _counts.AddOrUpdate(name, 1, (_, n) => n + 1);
            }
        }

        /// <summary>Probabilities (and the control value) of one decoded window, stamped with the time it was decoded.</summary>
        public void Decoded(DecodedOutput output, double decodedAt)
        {
            lock (_gate)
            {
                if (_disposed) return;
                var description = new StreamDescription(output.Decoder, "Decoded",
                    output.Classes.Select(c => new ChannelInfo($"p({c})", "Probability", "")).Concat(output.Control is null ? [] : [new ChannelInfo("control", "Control", "")]),
                    StreamDescription.IrregularRate, ChannelFormat.Float32, output.Decoder);
                var id = _streams.GetOrAdd("d:" + output.Decoder, _ => _writer.AddStream(description));
                var values = output.Probabilities.Concat(output.Control is { } control ? [control] : Array.Empty<double>()).ToArray();
                _writer.Write(id, SampleChunk.Wrap(description, values, [decodedAt]));
                _counts.AddOrUpdate(output.Decoder, 1, (_, n) => n + 1);
            }
        }

        public string Describe()
        {
            var size = File.Exists(Path) ? new FileInfo(Path).Length / 1024.0 / 1024.0 : 0;
            var failures = _failures.IsEmpty ? "" : "; STOPPED EARLY: " + string.Join("; ", _failures.Select(f => $"{f.Key}: {f.Value}"));
            return string.Create(CultureInfo.InvariantCulture,
                $"{string.Join(", ", _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"))} ({size:0.0} MiB){failures}");
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
            }
            _stop.Cancel();
            foreach (var thread in _threads) thread.Join(TimeSpan.FromSeconds(3));
            _writer.Dispose();
            _stop.Dispose();
        }
    }
}
