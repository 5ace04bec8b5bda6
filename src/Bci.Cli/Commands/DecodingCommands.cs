using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reactive;
using System.Reactive.Linq;
using System.Text;
using Bci.Core.Logging;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Decoding.Baseline;
using Bci.Decoding.Checkpoints;
using Bci.Decoding.Evaluation;
using Bci.Decoding.Model;
using Bci.Decoding.Objectives;
using Bci.Decoding.Stages;
using Bci.Decoding.Training;
using Bci.Pipelines;
using Bci.Pipelines.Files;
using Bci.Pipelines.Registry;
using Bci.Pipelines.Running;
using YamlDotNet.RepresentationModel;

namespace Bci.Cli.Commands;

/// <summary>
/// The bci verbs of the Decoding area: `train` (epochs cut by the pipeline's own stages, then the decoder the
/// pipeline names is trained and saved as a checkpoint) and `eval` (motor-imagery leave-one-run-out evaluation of
/// both decoders; decoder latency and memory).
/// </summary>
public sealed class DecodingCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield return TrainCommand();
        yield return EvalCommand();
    }

    // ---------------------------------------------------------------- train

    private static Command TrainCommand()
    {
        var pipeline = new Option<FileInfo>("--pipeline") { Description = "Pipeline file whose signal stages cut the epochs and whose decode (or csp-lda) node is trained", Required = true };
        var data = new Option<FileInfo[]>("--data") { Description = "Recordings to train on (each is one run: splits never cut through a run)", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Checkpoint folder to write (manifest.json, weights, report.png)", Required = true };
        var decoder = new Option<string?>("--decoder") { Description = "Id of the decoder node to train (default: the first decode or csp-lda node)" };
        var validation = new Option<string[]>("--validation") { Description = "Runs (file names without extension) held out for validation and early stopping; default: the last file", AllowMultipleArgumentsPerToken = true };
        var epochs = new Option<int?>("--epochs") { Description = "Override the node's maximum training epochs" };
        var device = new Option<string?>("--device") { Description = "auto | cpu | cuda (default: the node's)" };
        var command = new Command("train", "Train the decoder a pipeline names, on epochs cut by that pipeline's own stages; writes a checkpoint")
        {
            pipeline, data, output, decoder, validation, epochs, device,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                return await TrainAsync(parse.GetValue(pipeline)!.FullName, parse.GetValue(data)!.Select(f => f.FullName).ToList(), parse.GetValue(output)!.FullName,
                    parse.GetValue(decoder), parse.GetValue(validation) ?? [], parse.GetValue(epochs), parse.GetValue(device), cancellation);
            }
            catch (Exception e) when (e is PipelineValidationException or ArgumentException or InvalidOperationException or InvalidDataException or IOException or ManifestMismatchException)
            {
                PrintError(e);
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> TrainAsync(string pipelinePath, IReadOnlyList<string> files, string output, string? decoderId,
        IReadOnlyList<string> validationRuns, int? epochs, string? device, CancellationToken cancellation)
    {
        var plan = TrainingPlan.Load(pipelinePath, decoderId);
        Console.WriteLine($"pipeline {Path.GetFileName(pipelinePath)}: epochs from '{plan.EpochsNode}' ({string.Join(" -> ", plan.Chain)}), decoder '{plan.DecoderNode}' ({plan.DecoderKind})");
        var windows = new List<(SignalWindow, string)>();
        foreach (var file in files)
        {
            var cut = await plan.CutEpochsAsync(file, cancellation);
            Console.WriteLine($"  {Path.GetFileName(file)}: {cut.Count} epochs");
            windows.AddRange(cut.Select(w => (w, RunName(file))));
        }
        var set = EpochSet.FromWindows(windows, plan.Classes(windows.Select(w => w.Item1)));
        Console.WriteLine($"{set.Count} labelled epochs ({string.Join(", ", set.Classes.Select((c, i) => $"{c}: {set.Epochs.Count(e => e.Label == i)}"))}), " +
                          $"{set.Channels.Count} channels x {set.Samples} samples at {set.Rate:0.###} Hz, runs {string.Join(", ", set.Groups)}");
        var validationGroups = validationRuns.Count > 0 ? validationRuns.ToList() : set.Groups.Count > 1 ? [set.Groups[^1]] : new List<string>();

        Directory.CreateDirectory(output);
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(output));
        var clock = Stopwatch.StartNew();
        if (plan.DecoderKind == "csp-lda")
        {
            var stage = (CspLdaStage)plan.Decoder;
            var model = CspLdaModel.Train(set, stage.Pairs, validationGroups);
            var metrics = Evaluate(set, validationGroups, w => model.Predict(w));
            model.Save(output, plan.Manifest(ModelManifest.CspLdaKind, name, set, validationGroups, metrics) with { });
            Console.WriteLine($"trained CSP+LDA in {clock.Elapsed.TotalSeconds:0.0} s; validation {Describe(metrics)}; wrote {output}");
            return 0;
        }

        var decode = (DecodeStage)plan.Decoder;
        var config = TrainingConfigFor(decode, validationGroups, epochs, device ?? decode.Device);
        var progress = new ConsoleProgress();
        var (decoder, result) = ContrastiveTrainer.Train(set, config, progress, cancellation);
        using (decoder)
        {
            progress.Finish();
            var validationMetrics = Evaluate(set, validationGroups, w => decoder.Predict([w])[0].Probabilities.Select(v => (double)v).ToArray());
            var manifest = plan.Manifest(ModelManifest.TransformerKind, name, set, validationGroups, validationMetrics) with
            {
                InputScale = decoder.InputScale,
                CropStep = decoder.CropStep > 0 ? decoder.CropStep : null,
                Encoder = decoder.Config,
                Objective = config.Objective,
                ParameterCount = decoder.Encoder.ParameterCount,
                LatentSpace = $"class-prototypes:seed={config.Seed}:d={decoder.Config.EmbeddingDim}",
                Training = new Dictionary<string, object>
                {
                    ["size"] = config.Size.ToString().ToLowerInvariant(), ["seed"] = config.Seed, ["max-epochs"] = config.MaxEpochs,
                    ["spatial-init"] = config.CspSpatialInit ? "csp" : "random", ["freeze-spatial"] = config.FreezeSpatialFilters,
                    ["best-epoch"] = result.BestEpoch, ["epochs-run"] = result.History.Count, ["stopped-early"] = result.StoppedEarly,
                    ["seconds"] = Math.Round(result.Elapsed.TotalSeconds, 1), ["runs"] = set.Groups, ["validation-runs"] = validationGroups,
                    ["files"] = files.Select(Path.GetFileName).ToList(),
                },
            };
            TransformerCheckpoint.Save(output, decoder, manifest);
            TrainingReport.Save(Path.Combine(output, "report.png"), name, result.History, validationMetrics, set.Classes);
            Console.WriteLine($"trained {decoder.Encoder.ParameterCount:N0}-parameter {config.Size.ToString().ToLowerInvariant()} transformer in {result.Elapsed.TotalSeconds:0.0} s " +
                              $"({result.History.Count} epochs, best {result.BestEpoch}{(result.StoppedEarly ? ", stopped early" : "")}); " +
                              $"validation {Describe(validationMetrics)}; wrote {output} (manifest.json, encoder.bin, objective.bin, report.png)");
        }
        return 0;
    }

    private static TrainingConfig TrainingConfigFor(DecodeStage stage, IReadOnlyList<string> validationGroups, int? epochs, string device) => new()
    {
        Size = stage.Size,
        Customise = stage.Customise,
        WeightDecay = stage.WeightDecay,
        MaxEpochs = epochs ?? stage.Epochs,
        BatchSize = stage.Batch,
        LearningRate = stage.LearningRate,
        Patience = stage.Patience,
        Seed = stage.Seed,
        Views = stage.Views,
        Crop = stage.Crop,
        CropStep = stage.CropStep,
        CropsPerTrial = stage.CropsPerTrial,
        CspSpatialInit = stage.CspSpatialInit,
        FreezeSpatialFilters = stage.FreezeSpatial,
        Objective = new ObjectiveWeights { InfoNce = stage.InfoNce, SupervisedContrastive = stage.SupervisedContrastive, CrossEntropy = stage.CrossEntropy },
        ValidationGroups = validationGroups,
        Device = device,
    };

    private static ClassificationMetrics? Evaluate(EpochSet set, IReadOnlyList<string> groups, Func<float[], double[]> predict)
    {
        var held = set.Epochs.Where(e => groups.Contains(e.Group)).ToList();
        if (held.Count == 0) return null;
        var predicted = held.Select(e =>
        {
            var p = predict(e.Data);
            return Array.IndexOf(p, p.Max());
        }).ToList();
        return ClassificationMetrics.From(held.Select(e => e.Label).ToList(), predicted, set.Classes.Count);
    }

    private static string Describe(ClassificationMetrics? m) =>
        m is null ? "none (no validation runs)" : $"accuracy {m.Accuracy:P1} ({m.Correct}/{m.Trials}), kappa {m.Kappa:0.00}, chance {m.Chance:P0} (95% bound {m.ChanceBound95:P1})";

    private static string RunName(string file) => Path.GetFileNameWithoutExtension(file);

    private static void PrintError(Exception e)
    {
        if (e is PipelineValidationException p)
            foreach (var problem in p.Problems) Console.Error.WriteLine(problem);
        else Console.Error.WriteLine($"bci: {e.Message}");
    }

    /// <summary>
    /// What `bci train` needs from a pipeline file: the decoder node (its options configure training), the node that
    /// cuts its epochs and the chain of nodes above it, and a way to run exactly that chain offline on one recording.
    /// The pipeline text is rewritten, not re-implemented: every source of samples (lsl.inlet, replay, simulate, ...)
    /// reads the recording's signal stream instead and every source of markers its events, as fast as they can be
    /// read; nodes not above the decoder and all sinks are left out; one collecting sink is added. The signal stages
    /// in between are the pipeline's own, with its options, so offline epochs are cut exactly as live ones.
    /// </summary>
    private sealed class TrainingPlan
    {
        private const string CollectorId = "bci-train-epochs";
        private readonly string _file;
        private readonly PipelineSpec _spec;
        private readonly YamlMappingNode _root;
        private readonly StageRegistry _registry;
        private readonly NodeSpec _decoder;
        private readonly IReadOnlyList<NodeSpec> _chain;
        private readonly IReadOnlySet<string> _markerSources;

        private TrainingPlan(string file, PipelineSpec spec, YamlMappingNode root, StageRegistry registry, NodeSpec decoder, IReadOnlyList<NodeSpec> chain,
            IReadOnlySet<string> markerSources)
        {
            _file = file;
            _spec = spec;
            _root = root;
            _registry = registry;
            _decoder = decoder;
            _chain = chain;
            _markerSources = markerSources;
            // Resolve the decoder's options (and check the whole chain) once, with the recording sources in place.
            var pipeline = PipelineLoader.LoadText(Rewrite("", includeDecoder: true), _file, Path.GetDirectoryName(_file)!, _registry);
            var node = pipeline[decoder.Id];
            Decoder = node.Instance;
            DecoderKind = node.Stage.Name;
            ChainNodes = pipeline.Nodes.Where(n => n.Id != decoder.Id && n.Id != CollectorId).ToList();
        }

        public string DecoderNode => _decoder.Id;
        public object Decoder { get; }
        public string DecoderKind { get; }
        public string EpochsNode => _decoder.Inputs["data"].Ref;
        public IReadOnlyList<PipelineNode> ChainNodes { get; }
        public IEnumerable<string> Chain => _chain.Select(n => $"{n.Id}:{n.Uses}");

        public static TrainingPlan Load(string path, string? decoderId)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full)) throw new FileNotFoundException($"pipeline file not found: {full}", full);
            var text = File.ReadAllText(full);
            var problems = new List<PipelineProblem>();
            var spec = PipelineFileParser.Parse(text, path, problems);
            if (problems.Count > 0) throw new PipelineValidationException(problems);
            var registry = StageRegistry.ForBuiltIns();
            registry.Register(typeof(EpochCollector).Assembly, "bci train");

            var decoder = decoderId is not null
                ? spec.Nodes.FirstOrDefault(n => n.Id == decoderId) ?? throw new ArgumentException($"{path}: no node '{decoderId}'")
                : spec.Nodes.FirstOrDefault(n => n.Uses is "decode" or "csp-lda")
                  ?? throw new ArgumentException($"{path}: no decode or csp-lda stage to train (name one with --decoder)");
            if (decoder.Uses is not ("decode" or "csp-lda"))
                throw new ArgumentException($"{path}: node '{decoder.Id}' uses {decoder.Uses}, not decode or csp-lda");
            if (!decoder.Inputs.TryGetValue("data", out _))
                throw new ArgumentException($"{path}: decoder '{decoder.Id}' has no input");

            var byId = spec.Nodes.GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var above = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>([decoder.Inputs["data"].Ref]);
            while (pending.Count > 0)
            {
                var id = pending.Pop();
                if (!above.Add(id)) continue;
                if (!byId.TryGetValue(id, out var node)) throw new ArgumentException($"{path}: input '{id}' is not a node");
                foreach (var (reference, _) in node.Inputs.Values) pending.Push(reference);
            }
            var chain = spec.Nodes.Where(n => above.Contains(n.Id)).ToList();

            // A source feeds markers when its stage says so, or (for a stage this program lacks, e.g. a live source)
            // when what it feeds takes it on a side port (dsp.epoch's markers).
            var markerSources = new HashSet<string>(StringComparer.Ordinal);
            foreach (var source in chain.Where(n => n.Kind == NodeKind.Source))
            {
                var markers = registry.TryGet(source.Uses, out var known)
                    ? known.OutputType == typeof(MarkerEvent)
                    : chain.Any(n => n.Inputs.Any(i => i.Key != "data" && i.Value.Ref == source.Id));
                if (known is not null && known.OutputType != typeof(MarkerEvent) && known.OutputType != typeof(SampleChunk))
                    throw new ArgumentException($"{path}: source '{source.Id}' ({source.Uses}) produces {known.OutputType.Name}; training replaces sources by a recording's samples and markers");
                if (markers) markerSources.Add(source.Id);
            }
            return new TrainingPlan(full, spec, (YamlMappingNode)LoadYaml(text).Documents[0].RootNode, registry, decoder, chain, markerSources);
        }

        private static YamlStream LoadYaml(string text)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream;
        }

        /// <summary>Runs the chain above the decoder on one recording and returns the epochs it cut.</summary>
        public async Task<IReadOnlyList<SignalWindow>> CutEpochsAsync(string recording, CancellationToken cancellation)
        {
            var pipeline = PipelineLoader.LoadText(Rewrite(recording, includeDecoder: false), _file, Path.GetDirectoryName(_file)!, _registry);
            var collector = (EpochCollector)pipeline[CollectorId].Instance;
            // every marker is handed to the epoch stage before the samples (it keeps markers until their samples come)
            var markersSent = Task.WhenAll(pipeline.Nodes.Select(n => n.Instance).OfType<RecordingMarkersSource>().Select(m => m.Sent.Task));
            foreach (var samples in pipeline.Nodes.Select(n => n.Instance).OfType<RecordingSamplesSource>()) samples.MarkersSent = markersSent;
            var log = new MemoryLog();
            var result = await PipelineRunner.RunAsync(pipeline, new RunOptions { Log = log }, cancellation);
            if (!result.Succeeded)
                throw new InvalidOperationException($"cutting epochs from {Path.GetFileName(recording)} failed: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            foreach (var (level, source, message) in log.Lines.Where(l => l.Level >= LogLevel.Warning))
                Console.Error.WriteLine($"  {Path.GetFileName(recording)}: {source}: {message}");
            return collector.Windows.ToList();
        }

        private string Rewrite(string recording, bool includeDecoder)
        {
            var root = new YamlMappingNode { { "name", _spec.Name + "-training" } };
            if (_root.Children.TryGetValue(new YamlScalarNode("plugins"), out var plugins)) root.Add("plugins", plugins);
            var sources = new YamlSequenceNode();
            var stages = new YamlSequenceNode();
            foreach (var node in _chain.Concat(includeDecoder ? [_decoder] : []))
            {
                if (node.Kind == NodeKind.Source)
                {
                    var uses = _markerSources.Contains(node.Id) ? RecordingMarkersSource.Name : RecordingSamplesSource.Name;
                    sources.Add(new YamlMappingNode { { "id", node.Id }, { "uses", uses }, { "with", new YamlMappingNode { { "path", recording } } } });
                    continue;
                }
                var original = FindItem(node.Id);
                var copy = new YamlMappingNode();
                foreach (var (key, value) in original.Children)
                    if (((YamlScalarNode)key).Value is not ("input" or "overload")) copy.Add(key, value);
                copy.Add("input", node.Inputs.Count == 1 && node.Inputs.ContainsKey("data")
                    ? new YamlScalarNode(node.Inputs["data"].Ref)
                    : new YamlMappingNode(node.Inputs.Select(i => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(i.Key), new YamlScalarNode(i.Value.Ref)))));
                stages.Add(copy);
            }
            root.Add("sources", sources);
            root.Add("stages", stages);
            root.Add("sinks", new YamlSequenceNode(new YamlMappingNode { { "id", CollectorId }, { "uses", EpochCollector.Name }, { "input", EpochsNode } }));
            var writer = new StringWriter();
            new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
            return writer.ToString();
        }

        private YamlMappingNode FindItem(string id)
        {
            foreach (var section in new[] { "sources", "stages", "sinks" })
                if (_root.Children.TryGetValue(new YamlScalarNode(section), out var list) && list is YamlSequenceNode items)
                    foreach (var item in items.Children.OfType<YamlMappingNode>())
                        if (item.Children.TryGetValue(new YamlScalarNode("id"), out var value) && value is YamlScalarNode scalar && scalar.Value == id)
                            return item;
            throw new InvalidOperationException($"node '{id}' not found in {_file}");
        }

        /// <summary>The classes the decoder node lists, or every distinct marker value of the epochs (sorted).</summary>
        public IReadOnlyList<string> Classes(IEnumerable<SignalWindow> windows)
        {
            var listed = Decoder switch
            {
                DecodeStage d => d.Classes,
                CspLdaStage c => c.Classes,
                _ => [],
            };
            return listed.Count > 0
                ? listed
                : windows.Select(w => w.Event?.Value).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }

        public ModelManifest Manifest(string kind, string name, EpochSet set, IReadOnlyList<string> validationGroups, ClassificationMetrics? metrics) => new()
        {
            Kind = kind,
            Name = name,
            Channels = set.Channels,
            Rate = set.Rate,
            Samples = set.Samples,
            Classes = set.Classes,
            Preprocessing = ChainNodes.Where(n => n.Kind == NodeKind.Stage).Select(n => new PreprocessingStep(n.Id, n.Stage.Name,
                n.Spec.Options.ToDictionary(o => o.Name, o => OptionText(o.Node)))).ToList(),
            Training = new Dictionary<string, object> { ["runs"] = set.Groups, ["validation-runs"] = validationGroups },
            Metrics = metrics is null
                ? new Dictionary<string, double>()
                : new Dictionary<string, double>
                {
                    ["validation-accuracy"] = metrics.Accuracy, ["validation-kappa"] = metrics.Kappa,
                    ["validation-trials"] = metrics.Trials, ["chance-bound-95"] = metrics.ChanceBound95,
                },
        };

        private static string OptionText(YamlNode node) => node switch
        {
            YamlScalarNode s => s.Value ?? "",
            YamlSequenceNode q => "[" + string.Join(", ", q.Children.Select(OptionText)) + "]",
            _ => node.ToString(),
        };
    }

    /// <summary>Keeps the epochs a training run cuts (registered only for `bci train`/`bci eval`, not a built-in).</summary>
    [Stage(Name, Description = "Collects epochs for bci train.")]
    private sealed class EpochCollector : ISink<SignalWindow>
    {
        public const string Name = "bci-train.collect-epochs";

        public ConcurrentQueue<SignalWindow> Windows { get; } = new();

        public IObservable<Unit> Consume(IObservable<SignalWindow> input, StageContext context) =>
            Observable.Create<Unit>(observer => input.Subscribe(Windows.Enqueue, observer.OnError, observer.OnCompleted));
    }

    /// <summary>The signal stream of a recording, read as fast as the file allows, after the markers were sent (bci train/eval only).</summary>
    [Stage(Name, Description = "Samples of a recording for bci train.")]
    private sealed class RecordingSamplesSource : ISource<SampleChunk>
    {
        public const string Name = "bci-train.recording";

        [Option("path", Required = true)]
        public string Path { get; init; } = "";

        public Task MarkersSent { get; set; } = Task.CompletedTask;

        public IObservable<SampleChunk> Open(StageContext context) => Observable.Create<SampleChunk>(async (observer, cancellation) =>
        {
            await MarkersSent.WaitAsync(cancellation);
            var recording = Bci.Recording.RecordingReader.Open(Path);
            var signal = recording.SignalStreams.FirstOrDefault() ?? throw new InvalidDataException($"{Path}: no signal stream");
            foreach (var chunk in signal.ReadChunks(0, cancellation)) observer.OnNext(chunk);
            observer.OnCompleted();
        });
    }

    /// <summary>Every marker of a recording, sent at once (bci train/eval only).</summary>
    [Stage(Name, Description = "Markers of a recording for bci train.")]
    private sealed class RecordingMarkersSource : ISource<MarkerEvent>
    {
        public const string Name = "bci-train.recording-markers";

        [Option("path", Required = true)]
        public string Path { get; init; } = "";

        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IObservable<MarkerEvent> Open(StageContext context) => Observable.Create<MarkerEvent>(observer =>
        {
            try
            {
                foreach (var marker in Bci.Recording.RecordingReader.Open(Path).ReadAllMarkers()) observer.OnNext(marker);
                observer.OnCompleted();
            }
            catch (Exception e)
            {
                observer.OnError(e);
            }
            finally
            {
                Sent.TrySetResult();
            }
            return System.Reactive.Disposables.Disposable.Empty;
        });
    }

    /// <summary>A one-line progress bar with loss and accuracy (a line every 10 epochs when the output is redirected).</summary>
    private sealed class ConsoleProgress : IProgress<EpochProgress>
    {
        private bool _drawn;

        public void Report(EpochProgress p)
        {
            var line = $"epoch {p.Epoch,4}/{p.MaxEpochs} [{new string('#', 20 * p.Epoch / p.MaxEpochs),-20}] lr {p.LearningRate:0.0e0} " +
                       $"train loss {p.TrainLoss:0.000} acc {p.TrainAccuracy:P0}" +
                       (double.IsFinite(p.ValidationLoss) ? $" | val loss {p.ValidationLoss:0.000} acc {p.ValidationAccuracy:P0}{(p.Improved ? " *" : "")}" : "") +
                       $" | T {p.Temperature:0.000} | {p.Elapsed.TotalSeconds:0}s";
            if (Console.IsOutputRedirected)
            {
                if (p.Epoch == 1 || p.Epoch % 10 == 0) Console.WriteLine(line);
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

    // ---------------------------------------------------------------- eval

    private static Command EvalCommand()
    {
        var command = new Command("eval", "Evaluate decoders: motor imagery on EEGMMIDB runs, decoder latency and memory, zero-shot retrieval");
        command.Subcommands.Add(MotorImageryCommand());
        command.Subcommands.Add(LatencyCommand());
        command.Subcommands.Add(AlignmentCommands.RetrievalEvalCommand());
        return command;
    }

    private static readonly string[] ImageryRuns = ["R04", "R08", "R12"];
    private static readonly string[] ExecutionRuns = ["R03", "R07", "R11"];

    private static Command MotorImageryCommand()
    {
        var data = new Option<string>("--data") { Description = "Folder with EEGMMIDB EDF+ files named S001R04.edf, ..., or one recording (GDF, EDF, XDF, ...) for block cross-validation", Required = true };
        var subjects = new Option<string[]>("--subjects") { Description = "Subjects, e.g. S001 S002 (default: every subject with imagery runs in --data)", AllowMultipleArgumentsPerToken = true };
        var pipeline = new Option<FileInfo?>("--pipeline") { Description = "Pipeline that cuts the epochs and configures the decoders (default: pipelines/motor-imagery.yaml)" };
        var decoders = new Option<string[]>("--decoder") { Description = "decode, csp-lda or both (default)", AllowMultipleArgumentsPerToken = true };
        var epochs = new Option<int?>("--epochs") { Description = "Override the transformer's maximum epochs" };
        var seeds = new Option<int>("--seeds") { Description = "Transformer trainings per fold with consecutive seeds (their probabilities are averaged)", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads for training (0 = its default)", DefaultValueFactory = _ => 1 };
        var folds = new Option<int>("--folds") { Description = "One recording: contiguous blocks of trials, each tested once", DefaultValueFactory = _ => 5 };
        var markdown = new Option<FileInfo?>("--markdown") { Description = "Also write the result table (markdown, with machine and date) to this file" };
        var align = new Option<bool>("--align") { Description = "Euclidean alignment of every run (or block) by its own mean covariance, for both decoders (unsupervised, also on the test run)" };
        var tested = new Option<string>("--test-runs")
        {
            Description = "EEGMMIDB runs tested in turn: imagery (4, 8, 12; the task) or execution (3, 7, 11, with the imagery runs training: a check on runs that no pipeline setting was chosen on)",
            DefaultValueFactory = _ => "imagery",
        };
        tested.AcceptOnlyFromAmong("imagery", "execution");
        var command = new Command("motor-imagery",
            "Within-subject leave-one-run-out on the imagery runs (4, 8, 12; execution runs 3, 7, 11 also train), or block cross-validation of one recording, for both decoders: accuracy per fold, kappa, chance bound")
        {
            data, subjects, pipeline, decoders, epochs, seeds, folds, threads, markdown, align, tested,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                var pipelinePath = parse.GetValue(pipeline)?.FullName ?? Path.Combine(RepositoryFiles.Root, "pipelines", "motor-imagery.yaml");
                var chosen = parse.GetValue(decoders) is { Length: > 0 } d ? d : ["both"];
                if (parse.GetValue(threads) > 0) TorchSharp.torch.set_num_threads(parse.GetValue(threads));
                return await EvalMotorImageryAsync(Path.GetFullPath(parse.GetValue(data)!), parse.GetValue(subjects) ?? [], pipelinePath,
                    chosen.Contains("both") || chosen.Contains("decode"), chosen.Contains("both") || chosen.Contains("csp-lda"),
                    parse.GetValue(epochs), Math.Max(1, parse.GetValue(seeds)), Math.Max(2, parse.GetValue(folds)), parse.GetValue(markdown)?.FullName, parse.GetValue(align),
                    parse.GetValue(tested) == "execution", cancellation);
            }
            catch (Exception e) when (e is PipelineValidationException or ArgumentException or InvalidOperationException or InvalidDataException or IOException)
            {
                PrintError(e);
                return 1;
            }
        });
        return command;
    }

    /// <summary>One test group: truth, the transformer's predictions (seed ensemble, and each seed's own), CSP+LDA's.</summary>
    private sealed record FoldResult(string Subject, string TestRun, int[] Truth, int[] Transformer, int[] CspLda, double TrainSeconds, IReadOnlyList<int[]> PerSeed);

    /// <summary>What one subject (or recording) is evaluated on: its epochs, the groups tested in turn, and how.</summary>
    private sealed record EvaluationSubject(string Name, EpochSet Set, IReadOnlyList<string> TestGroups, string Protocol);

    private static async Task<int> EvalMotorImageryAsync(string data, IReadOnlyList<string> subjects, string pipelinePath, bool transformer, bool cspLda,
        int? epochs, int seeds, int blockFolds, string? markdownPath, bool align, bool testExecution, CancellationToken cancellation)
    {
        var plan = TrainingPlan.Load(pipelinePath, transformer ? null : FirstOfKind(pipelinePath, "csp-lda"));
        var decode = transformer
            ? (DecodeStage)TrainingPlan.Load(pipelinePath, FirstOfKind(pipelinePath, "decode")).Decoder
            : null;
        var baseline = cspLda && FirstOfKind(pipelinePath, "csp-lda") is { } cspId ? (CspLdaStage)TrainingPlan.Load(pipelinePath, cspId).Decoder : new CspLdaStage();
        var machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
        Console.WriteLine($"motor-imagery evaluation: {data}; pipeline {Path.GetFileName(pipelinePath)}; {machine}");

        var missingSubjects = new List<string>();
        var toEvaluate = File.Exists(data)
            ? [await BlockSubjectAsync(plan, data, blockFolds, cancellation)]
            : await RunSubjectsAsync(plan, data, subjects, testExecution, missingSubjects, cancellation);

        var folds = new List<FoldResult>();
        if (align)
            toEvaluate = toEvaluate.Select(s => s with
            {
                Set = EuclideanAlignment.AlignGroups(s.Set),
                Protocol = s.Protocol + "; Euclidean alignment of every group by its own mean covariance (both decoders)",
            }).ToList();
        foreach (var (subject, set, testGroups, _) in toEvaluate)
        {
            Console.WriteLine($"{subject}: {set.Count} epochs ({string.Join(", ", set.Groups.Select(g => $"{g}: {set.Epochs.Count(e => e.Group == g)}"))}), " +
                              $"{set.Channels.Count} ch x {set.Samples} samples at {set.Rate:0.###} Hz");
            foreach (var test in testGroups)
            {
                var trainSet = set.Where(e => e.Group != test);
                var testEpochs = set.Epochs.Where(e => e.Group == test).ToList();
                var truth = testEpochs.Select(e => e.Label).ToArray();
                int[] Argmax(IEnumerable<double[]> ps) => ps.Select(p => Array.IndexOf(p, p.Max())).ToArray();

                var cspPredictions = Array.Empty<int>();
                if (cspLda)
                {
                    var model = CspLdaModel.Train(trainSet, Math.Min(baseline.Pairs, set.Channels.Count / 2));
                    cspPredictions = Argmax(testEpochs.Select(e => model.Predict(e.Data)));
                }
                var transformerPredictions = Array.Empty<int>();
                var perSeed = new List<int[]>();
                var seconds = 0.0;
                if (decode is not null)
                {
                    // early stopping watches another tested group (the next imagery run or block), never the test group
                    // (patience 0: no early stopping, so no validation group either: every group but the test group trains)
                    var validationRun = testGroups[(testGroups.ToList().IndexOf(test) + 1) % testGroups.Count];
                    string[] validationGroups = decode.Patience > 0 ? [validationRun] : [];
                    var summed = new double[testEpochs.Count][];
                    perSeed.Clear();
                    for (var s = 0; s < seeds; s++)
                    {
                        var config = TrainingConfigFor(decode, validationGroups, epochs, decode.Device) with { Seed = decode.Seed + s };
                        var (decoder, result) = ContrastiveTrainer.Train(trainSet, config, cancellation: cancellation);
                        using (decoder)
                        {
                            seconds += result.Elapsed.TotalSeconds;
                            var p = decoder.Predict(testEpochs.Select(e => e.Data).ToList());
                            for (var i = 0; i < p.Count; i++)
                            {
                                summed[i] ??= new double[set.Classes.Count];
                                for (var k = 0; k < set.Classes.Count; k++) summed[i][k] += p[i].Probabilities[k];
                            }
                            perSeed.Add(Argmax(p.Select(x => x.Probabilities.Select(v => (double)v).ToArray())));
                            Console.WriteLine($"  {subject} test {test} seed {config.Seed}: transformer {Accuracy(truth, perSeed[^1]):P1} " +
                                              $"({(validationGroups.Length > 0 ? $"validation {validationRun}, best epoch {result.BestEpoch}/" : "epochs ")}{result.History.Count}, {result.Elapsed.TotalSeconds:0} s)");
                        }
                    }
                    transformerPredictions = Argmax(summed);
                }
                Console.WriteLine($"  {subject} test {test}: {testEpochs.Count} trials;" +
                                  (decode is not null ? $" transformer {Accuracy(truth, transformerPredictions):P1}" : "") +
                                  (cspLda ? $" csp-lda {Accuracy(truth, cspPredictions):P1}" : ""));
                folds.Add(new FoldResult(subject, test, truth, transformerPredictions, cspPredictions, seconds, perSeed.ToList()));
            }
        }
        if (folds.Count == 0)
        {
            Console.Error.WriteLine("bci: no subject had two imagery runs to evaluate");
            return 1;
        }
        var table = ResultTable(folds, toEvaluate, transformer: decode is not null, cspLda, seeds, machine, missingSubjects, decode, Path.GetFileName(pipelinePath));
        Console.WriteLine();
        Console.WriteLine(table);
        if (markdownPath is not null) await File.WriteAllTextAsync(markdownPath, table, cancellation);
        return 0;
    }

    /// <summary>
    /// EEGMMIDB subjects of a folder: groups are runs, the imagery runs are tested in turn (or, with
    /// <paramref name="testExecution"/>, the execution runs); every other run of the subject trains.
    /// </summary>
    private static async Task<List<EvaluationSubject>> RunSubjectsAsync(TrainingPlan plan, string folder, IReadOnlyList<string> subjects, bool testExecution,
        List<string> missingSubjects, CancellationToken cancellation)
    {
        if (!Directory.Exists(folder)) throw new ArgumentException($"--data: {folder} is neither a folder nor a file");
        var present = Directory.EnumerateFiles(folder, "S*R*.edf").Select(f => Path.GetFileNameWithoutExtension(f)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var chosen = subjects.Count > 0
            ? subjects.ToList()
            : present.Select(f => f[..4]).Distinct().Order().Where(s => ImageryRuns.Any(r => present.Contains(s + r))).ToList();
        var result = new List<EvaluationSubject>();
        foreach (var subject in chosen)
        {
            var runs = ImageryRuns.Concat(ExecutionRuns).Where(r => present.Contains(subject + r)).ToList();
            var testRuns = runs.Where((testExecution ? ExecutionRuns : ImageryRuns).Contains).ToList();
            var kind = testExecution ? "execution" : "imagery";
            if (testRuns.Count < 2)
            {
                Console.WriteLine($"{subject}: {testRuns.Count} {kind} run(s) in {folder}: needs at least two for leave-one-run-out; skipped");
                missingSubjects.Add(subject);
                continue;
            }
            var windows = new List<(SignalWindow, string)>();
            foreach (var run in runs)
            {
                var cut = await plan.CutEpochsAsync(Path.Combine(folder, subject + run + ".edf"), cancellation);
                windows.AddRange(cut.Select(w => (w, run)));
            }
            var set = EpochSet.FromWindows(windows, plan.Classes(windows.Select(w => w.Item1)));
            var others = runs.Except(testRuns).ToList();
            var training = others.Count > 0 ? $" ({(testExecution ? "imagery" : "execution")} runs {string.Join("/", others)} also train)" : "";
            var task = testExecution ? "execution (real movement)" : "imagery";
            result.Add(new EvaluationSubject(subject, set, testRuns,
                $"EEGMMIDB, left vs right fist {task} (T1/T2), leave-one-run-out over {kind} runs {string.Join("/", testRuns)}{training}"));
        }
        return result;
    }

    /// <summary>
    /// One recording: its epochs in time order are split into <paramref name="folds"/> contiguous blocks (B1, B2, ...),
    /// each tested once. Contiguous, not shuffled, so neighbouring trials never sit on both sides of a split.
    /// </summary>
    private static async Task<EvaluationSubject> BlockSubjectAsync(TrainingPlan plan, string file, int folds, CancellationToken cancellation)
    {
        var cut = (await plan.CutEpochsAsync(file, cancellation)).OrderBy(w => w.StartTime).ToList();
        var classes = plan.Classes(cut);
        var labelled = cut.Where(w => w.Event is not null && classes.Contains(w.Event.Value.Trim())).ToList();
        if (labelled.Count < folds * 2)
            throw new InvalidOperationException($"{Path.GetFileName(file)}: {labelled.Count} epochs of classes {string.Join(", ", classes)}: too few for {folds} folds");
        string Block(int i) => $"B{i * folds / labelled.Count + 1}";
        var set = EpochSet.FromWindows(labelled.Select((w, i) => (w, Block(i))), classes);
        return new EvaluationSubject(Path.GetFileNameWithoutExtension(file), set, set.Groups,
            $"{Path.GetFileName(file)}, classes {string.Join("/", classes)}, {folds}-fold cross-validation over contiguous blocks of trials");
    }

    private static string? FirstOfKind(string pipelinePath, string kind)
    {
        var problems = new List<PipelineProblem>();
        var spec = PipelineFileParser.Parse(File.ReadAllText(pipelinePath), pipelinePath, problems);
        if (problems.Count > 0) throw new PipelineValidationException(problems);
        return spec.Nodes.FirstOrDefault(n => n.Uses == kind)?.Id;
    }

    private static double Accuracy(int[] truth, int[] predicted) =>
        truth.Length == 0 || predicted.Length != truth.Length ? double.NaN : truth.Zip(predicted).Count(p => p.First == p.Second) / (double)truth.Length;

    private static string ResultTable(List<FoldResult> folds, IReadOnlyList<EvaluationSubject> subjects, bool transformer, bool cspLda, int seeds, string machine,
        IReadOnlyList<string> skipped, DecodeStage? decode, string pipelineName)
    {
        var classes = subjects[0].Set.Classes.Count;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine}; pipeline `{pipelineName}`.");
        foreach (var subject in subjects) text.AppendLine(CultureInfo.InvariantCulture, $"{subject.Name}: {subject.Protocol}.");
        if (decode is not null)
        {
            var tokens = !decode.CspSpatialInit ? ""
                : decode.FreezeSpatial ? ", spatial filters fixed at CSP of the training runs" : ", spatial filters starting at CSP of the training runs";
            if (decode.PowerWindow > 0) tokens += string.Create(CultureInfo.InvariantCulture, $", log-power tokens over {decode.PowerWindow} s every {decode.TokenStep} s");
            if (decode.Crop > 0)
                tokens += string.Create(CultureInfo.InvariantCulture,
                    $", cropped training ({decode.Crop} s crops, {decode.CropsPerTrial} random crops per trial and epoch, each view its own crop) and crop averaging every {decode.CropStep} s");
            var schedule = decode.Patience > 0
                ? string.Create(CultureInfo.InvariantCulture, $"up to {decode.Epochs} epochs, early stopping on the next tested group (never the test group)")
                : string.Create(CultureInfo.InvariantCulture, $"{decode.Epochs} epochs without early stopping on every group but the test group");
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Transformer: {decode.Size.ToString().ToLowerInvariant()}{tokens}, InfoNCE {decode.InfoNce} + supervised contrastive {decode.SupervisedContrastive} + cross-entropy {decode.CrossEntropy}, " +
                $"{schedule}, {seeds} seed(s) per fold (probabilities averaged)."));
        }
        text.AppendLine();
        text.AppendLine("| subject | test | trials | transformer accuracy | transformer kappa | CSP+LDA accuracy | CSP+LDA kappa | chance (95% bound) | transformer training s |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        var accT = new List<double>();
        var accC = new List<double>();
        string Row(string subject, string test, IReadOnlyList<FoldResult> group)
        {
            var truth = group.SelectMany(f => f.Truth).ToList();
            var t = transformer ? ClassificationMetrics.From(truth, group.SelectMany(f => f.Transformer).ToList(), classes) : null;
            var c = cspLda ? ClassificationMetrics.From(truth, group.SelectMany(f => f.CspLda).ToList(), classes) : null;
            var chance = ClassificationMetrics.ChanceUpperBound(truth.Count, classes, 0.05);
            return string.Create(CultureInfo.InvariantCulture,
                $"| {subject} | {test} | {truth.Count} | {Cell(t?.Accuracy, "P1")} | {Cell(t?.Kappa, "0.00")} | {Cell(c?.Accuracy, "P1")} | {Cell(c?.Kappa, "0.00")} | " +
                $"{1.0 / classes:P0} ({chance:P1}) | {(transformer ? group.Sum(f => f.TrainSeconds).ToString("0", CultureInfo.InvariantCulture) : "-")} |");
        }
        foreach (var subject in folds.GroupBy(f => f.Subject))
        {
            foreach (var fold in subject) text.AppendLine(Row(subject.Key, fold.TestRun, [fold]));
            text.AppendLine(Row($"**{subject.Key}**", "all", subject.ToList()));
            var truth = subject.SelectMany(f => f.Truth).ToList();
            if (transformer) accT.Add(ClassificationMetrics.From(truth, subject.SelectMany(f => f.Transformer).ToList(), classes).Accuracy);
            if (cspLda) accC.Add(ClassificationMetrics.From(truth, subject.SelectMany(f => f.CspLda).ToList(), classes).Accuracy);
        }
        if (accT.Count + accC.Count > 0 && folds.Select(f => f.Subject).Distinct().Count() > 1)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| mean of subjects | | | {Cell(accT.Count > 0 ? accT.Average() : null, "P1")} | | {Cell(accC.Count > 0 ? accC.Average() : null, "P1")} | | | |");
        if (transformer && seeds > 1)
        {
            // each seed on its own, over all folds of all subjects: what one training run would have given
            var truth = folds.SelectMany(f => f.Truth).ToList();
            var single = Enumerable.Range(0, seeds)
                .Select(s => ClassificationMetrics.From(truth, folds.SelectMany(f => f.PerSeed[s]).ToList(), classes).Accuracy).ToList();
            var sd = Math.Sqrt(single.Sum(a => (a - single.Average()) * (a - single.Average())) / Math.Max(1, single.Count - 1));
            text.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Transformer single seeds (seed {decode!.Seed}..{decode.Seed + seeds - 1}), all folds: {string.Join(" / ", single.Select(a => a.ToString("P1", CultureInfo.InvariantCulture)))}; " +
                $"mean {single.Average():P1} (sd {sd * 100:0.0} points); the table's transformer columns are the {seeds}-seed ensemble (probabilities averaged)."));
        }
        if (skipped.Count > 0) text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Not evaluated (fewer than two of the tested runs present): {string.Join(", ", skipped)}.");
        return text.ToString();
    }

    private static string Cell(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    // ---------------------------------------------------------------- latency

    private static Command LatencyCommand()
    {
        var size = new Option<ModelSize>("--size") { Description = "Model size", DefaultValueFactory = _ => ModelSize.Small };
        var channels = new Option<int>("--channels") { Description = "Channels per window", DefaultValueFactory = _ => 64 };
        var samples = new Option<int>("--samples") { Description = "Samples per window", DefaultValueFactory = _ => 320 };
        var windows = new Option<int>("--windows") { Description = "Windows to decode (one call each)", DefaultValueFactory = _ => 10_000 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (0 = its default)", DefaultValueFactory = _ => 0 };
        var rate = new Option<double>("--rate") { Description = "Sampling rate of the windows (Hz)", DefaultValueFactory = _ => 160 };
        var powerWindow = new Option<double>("--power-window") { Description = "Log band-power tokens over windows of this many seconds (0 = pooled signal tokens)", DefaultValueFactory = _ => 0 };
        var tokenStep = new Option<double>("--token-step") { Description = "Seconds between tokens (0 = the size's default)", DefaultValueFactory = _ => 0 };
        var crop = new Option<double>("--crop") { Description = "Seconds of the crops the model reads (0 = whole windows); a window is decoded by averaging over crops", DefaultValueFactory = _ => 0 };
        var cropStep = new Option<double>("--crop-step") { Description = "Seconds between the crops of a window", DefaultValueFactory = _ => 0.25 };
        var command = new Command("latency", "Decode windows one at a time as the decode stage does: per-window latency p50/p99 and native memory (RSS) growth")
        {
            size, channels, samples, windows, threads, rate, powerWindow, tokenStep, crop, cropStep,
        };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(windows);
            var (c, t) = (parse.GetValue(channels), parse.GetValue(samples));
            if (parse.GetValue(threads) > 0) TorchSharp.torch.set_num_threads(parse.GetValue(threads));
            var shape = new DecodeStage { PowerWindow = parse.GetValue(powerWindow), TokenStep = parse.GetValue(tokenStep) };
            var cropSamples = parse.GetValue(crop) > 0 ? Math.Min(t, (int)Math.Round(parse.GetValue(crop) * parse.GetValue(rate))) : t;
            var step = Math.Max(1, (int)Math.Round(parse.GetValue(cropStep) * parse.GetValue(rate)));
            var config = shape.Customise(EncoderConfig.Preset(parse.GetValue(size), c, cropSamples, parse.GetValue(rate), 2));
            using var encoder = new ContrastiveEncoder(config);
            using var objective = new ContrastiveObjective(new ObjectiveWeights(), 2, config.EmbeddingDim, 1);
            using var decoder = new TransformerDecoder(encoder, objective, 1e5f, ["T1", "T2"], TorchSharp.torch.CPU, t, step);
            var random = new Random(1);
            var window = Enumerable.Range(0, c * t).Select(_ => (float)(random.NextDouble() * 2e-5 - 1e-5)).ToArray();
            var model = new TransformerWindowModel(decoder, new ModelManifest { Kind = ModelManifest.TransformerKind, Name = "bench", Channels = [], Rate = parse.GetValue(rate), Samples = t, Classes = ["T1", "T2"] });
            for (var i = 0; i < 50; i++) model.Decode(window); // warm-up
            GC.Collect();
            var rssStart = Process.GetCurrentProcess().WorkingSet64;
            var latencies = new float[n];
            var rssAtTenth = 0L;
            var total = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                var clock = Stopwatch.StartNew();
                model.Decode(window);
                latencies[i] = (float)clock.Elapsed.TotalMilliseconds;
                if (i == n / 10) rssAtTenth = Process.GetCurrentProcess().WorkingSet64;
            }
            total.Stop();
            GC.Collect();
            var rssEnd = Process.GetCurrentProcess().WorkingSet64;
            Array.Sort(latencies);
            Console.WriteLine($"{parse.GetValue(size).ToString().ToLowerInvariant()} transformer, {encoder.ParameterCount:N0} parameters, {c} ch x {t} samples, {config.Tokens} tokens" +
                              (config.PowerWindow > 0 ? $" (log power over {config.PowerWindow} samples every {config.TokenPool})" : "") +
                              (decoder.CropStarts.Count > 1 ? $", {decoder.CropStarts.Count} crops of {cropSamples} samples every {decoder.CropStep} averaged" : "") + ", " +
                              $"{n} windows one at a time on CPU ({TorchSharp.torch.get_num_threads()} libtorch threads, {Environment.ProcessorCount} cores)");
            Console.WriteLine($"latency per window: p50 {Percentiles.Of(latencies, 0.5):0.00} ms, p99 {Percentiles.Of(latencies, 0.99):0.00} ms, " +
                              $"max {latencies[^1]:0.00} ms; {n / total.Elapsed.TotalSeconds:0} windows/s");
            Console.WriteLine($"resident memory: {rssStart / 1048576.0:0.0} MiB after warm-up, {rssAtTenth / 1048576.0:0.0} MiB after {n / 10} windows, " +
                              $"{rssEnd / 1048576.0:0.0} MiB after {n} (growth from the 10% mark: {(rssEnd - rssAtTenth) / 1048576.0:+0.0;-0.0} MiB)");
            return 0;
        });
        return command;
    }
}
