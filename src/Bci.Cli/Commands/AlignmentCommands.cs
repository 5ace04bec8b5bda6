using System.CommandLine;
using System.Globalization;
using Bci.Alignment.Catalogs;
using Bci.Alignment.Encoders;
using Bci.Alignment.Evaluation;
using Bci.Alignment.Formats;
using Bci.Alignment.Synthetic;
using Bci.Alignment.Training;
using Bci.Decoding.Training;

namespace Bci.Cli.Commands;

/// <summary>
/// The bci verbs of the Alignment area, all under `bci latents`: build (ONNX encoder over an image folder),
/// show, convert, and eval retrieval (synthetic ground truth or the real face/house recordings). Evaluation lives
/// under `latents` so it does not collide with the decoder's own `eval` verbs.
/// </summary>
public sealed class AlignmentCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield return new Command("latents", "World-model latent catalogs: build from images with an ONNX encoder, show, convert, evaluate retrieval")
        {
            BuildCommand(), ShowCommand(), ConvertCommand(), EvalCommand(), TrainCommand(), SyntheticCommand(),
        };
    }

    private static Command BuildCommand()
    {
        var encoder = new Option<FileInfo>("--encoder") { Description = "ONNX image encoder (its preprocessing JSON sits beside it: model.onnx -> model.json)", Required = true };
        var preprocessing = new Option<FileInfo?>("--preprocessing") { Description = "Preprocessing JSON, when not beside the model" };
        var images = new Option<DirectoryInfo>("--images") { Description = "Folder of images (searched recursively); item names are paths without extension", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Catalog to write (.bcilat, .npz, .safetensors, .parquet, .npy)", Required = true };
        var int8 = new Option<bool>("--int8") { Description = "Store int8 vectors (.bcilat only; 4x smaller)" };
        var space = new Option<string?>("--space") { Description = "Space id (default: from the JSON, else the model's file name)" };
        var command = new Command("build", "Encode every image of a folder with an ONNX world-model encoder into a latent catalog") { encoder, preprocessing, images, output, int8, space };
        command.SetAction((parse, cancellation) => Task.FromResult(Guarded(() =>
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            using var model = new OnnxLatentEncoder(parse.GetValue(encoder)!.FullName, parse.GetValue(preprocessing)?.FullName);
            var catalog = model.BuildCatalog(parse.GetValue(images)!.FullName, parse.GetValue(space), cancellation);
            var path = parse.GetValue(output)!.FullName;
            LatentCatalogFile.Write(catalog, path, parse.GetValue(int8) ? BcilatEncoding.Int8 : BcilatEncoding.Float32);
            Console.WriteLine($"wrote {path}: {catalog} in {started.Elapsed.TotalSeconds:0.00} s");
        })));
        return command;
    }

    private static Command ShowCommand()
    {
        var file = new Argument<FileInfo>("catalog") { Description = "Catalog file (.bcilat, .npz, .npy, .safetensors, .parquet)" };
        var count = new Option<int>("--items") { Description = "How many items to list", DefaultValueFactory = _ => 10 };
        var command = new Command("show", "Print a catalog's identity, dimension, normalisation and first items") { file, count };
        command.SetAction(parse => Guarded(() =>
        {
            var catalog = LatentCatalogFile.Read(parse.GetValue(file)!.FullName);
            Console.WriteLine(catalog);
            foreach (var (key, value) in catalog.Metadata) Console.WriteLine($"  {key}: {value}");
            for (var i = 0; i < Math.Min(parse.GetValue(count), catalog.Count); i++)
            {
                var v = catalog.Vector(i);
                var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
                Console.WriteLine($"  {i,6}  {catalog.Items[i].Name,-32} {catalog.Items[i].SourceToken,-40} |z|={norm:0.000}  [{string.Join(", ", v[..Math.Min(4, v.Length)].ToArray().Select(x => x.ToString("0.000", CultureInfo.InvariantCulture)))}{(v.Length > 4 ? ", ..." : "")}]");
            }
        }));
        return command;
    }

    private static Command ConvertCommand()
    {
        var input = new Argument<FileInfo>("input") { Description = "Catalog to read" };
        var output = new Argument<FileInfo>("output") { Description = "Catalog to write; the format follows the extension" };
        var int8 = new Option<bool>("--int8") { Description = "Store int8 vectors (.bcilat only)" };
        var normalise = new Option<bool>("--normalise") { Description = "Scale every vector to unit length first" };
        var space = new Option<string?>("--space") { Description = "Set the space id" };
        var model = new Option<string?>("--model") { Description = "Set the model name" };
        var command = new Command("convert", "Convert a catalog between .npy/.npz/.safetensors/.parquet/.bcilat") { input, output, int8, normalise, space, model };
        command.SetAction(parse => Guarded(() =>
        {
            var catalog = LatentCatalogFile.Read(parse.GetValue(input)!.FullName).WithIdentity(parse.GetValue(space), parse.GetValue(model));
            if (parse.GetValue(normalise)) catalog = catalog.Normalised();
            var path = parse.GetValue(output)!.FullName;
            LatentCatalogFile.Write(catalog, path, parse.GetValue(int8) ? BcilatEncoding.Int8 : BcilatEncoding.Float32);
            Console.WriteLine($"wrote {path}: {catalog}");
        }));
        return command;
    }

    private static Command SyntheticCommand()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write gallery.bcilat, actions.bcilat and mapping.safetensors into", Required = true };
        var snr = new Option<double>("--snr") { Description = "SNR (dB) of the simulated training trials", DefaultValueFactory = _ => -15 };
        var command = new Command("synthetic", "Write a simulated gallery, movement catalog and a ridge mapping fitted on other items (assets for the example pipelines)") { output, snr };
        command.SetAction(parse => Guarded(() =>
        {
            var written = SyntheticAlignmentAssets.Write(parse.GetValue(output)!.FullName, snrDb: parse.GetValue(snr));
            Console.WriteLine($"wrote {written.Gallery}, {written.Actions}, {written.Mapping} (mapping fitted on {written.TrainTrials} trials of {written.TrainItems} other items)");
        }));
        return command;
    }

    private static Command TrainCommand()
    {
        var dataset = new Option<string>("--dataset") { Description = "synthetic (ground-truth generator, 200-way zero-shot) or n170 (Muse face/house recordings, leave-one-file-out)", DefaultValueFactory = _ => "synthetic" };
        var snr = new Option<double>("--snr") { Description = "Synthetic: SNR in dB", DefaultValueFactory = _ => -10 };
        var ways = new Option<int>("--ways") { Description = "Synthetic: held-out items (N of the N-way test)", DefaultValueFactory = _ => 200 };
        var items = new Option<int>("--items") { Description = "Synthetic: catalog items in all", DefaultValueFactory = _ => 1200 };
        var data = new Option<DirectoryInfo?>("--data") { Description = "n170: folder of the CSV recordings (default ../shared/data/n170-faces-houses/subject1_session1)" };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "n170: catalog of the stimulus images (bci latents build --images .../stim)" };
        var epochs = new Option<int>("--epochs") { Description = "Maximum training epochs (early stopping on a validation group of whole items or files)", DefaultValueFactory = _ => ContrastiveAlignment.Defaults.MaxEpochs };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0 = its default)", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Seed of the data, split and training", DefaultValueFactory = _ => 42 };
        var command = new Command("train", "Train the contrastive (InfoNCE) EEG transformer against catalog latents and report zero-shot top-1/top-5 with chance")
        {
            dataset, snr, ways, items, data, catalog, epochs, threads, seed,
        };
        command.SetAction(parse => Guarded(() =>
        {
            var alignment = new ContrastiveAlignment
            {
                Config = ContrastiveAlignment.Defaults with { MaxEpochs = parse.GetValue(epochs), Threads = parse.GetValue(threads), Seed = parse.GetValue(seed) },
                Log = Console.Error.WriteLine,
            };
            var progress = new ConsoleProgress(p => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  epoch {p.Epoch,3}: train loss {p.TrainLoss:0.000}, validation loss {p.ValidationLoss:0.000}, temperature {p.Temperature:0.000}{(p.Improved ? " *" : "")}")));
            if (parse.GetValue(dataset) == "n170")
            {
                var (path, images) = FaceHouseInputs(parse.GetValue(data)?.FullName, parse.GetValue(catalog)?.FullName);
                var result = new FaceHouseEvaluation().RunContrastive(path, images, alignment, Console.WriteLine);
                var (low, high) = result.Score.Top1Interval;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"face/house 2-way, contrastive transformer, leave-one-file-out over {result.Files} files: top-1 {result.Score.Top1:0.000} " +
                    $"({result.Score.Top1Hits}/{result.Score.Trials}, 95% Wilson {low:0.000}-{high:0.000}), chance {result.Score.ChanceTop1:0.000}"));
            }
            else if (parse.GetValue(dataset) == "synthetic")
            {
                var benchmark = new SyntheticRetrievalBenchmark { Ways = parse.GetValue(ways), Items = parse.GetValue(items), Seed = parse.GetValue(seed) };
                Console.WriteLine($"training on {benchmark.Items - benchmark.Ways} items x {benchmark.TrainTrialsPerItem} trials at {parse.GetValue(snr)} dB; {benchmark.Ways} items held out");
                var row = benchmark.Run(parse.GetValue(snr), alignment, progress);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{benchmark.Ways}-way zero-shot at {row.SnrDb:0} dB: contrastive top-1 {row.Contrastive!.Top1:0.000} top-5 {row.Contrastive.Top5:0.000} " +
                    $"({row.Training!.Epochs} epochs, best {row.Training.BestEpoch}, {row.Training.Elapsed.TotalSeconds:0} s); ridge top-1 {row.Learned.Top1:0.000} top-5 {row.Learned.Top5:0.000}; " +
                    $"ceiling top-1 {row.Ceiling.Top1:0.000} top-5 {row.Ceiling.Top5:0.000}; chance top-1 {row.Learned.ChanceTop1:0.000} top-5 {row.Learned.ChanceTop5:0.000}"));
            }
            else
                throw new ArgumentException($"--dataset '{parse.GetValue(dataset)}' is unknown (synthetic or n170)");
        }));
        return command;
    }

    private static (string Data, LatentCatalog Images) FaceHouseInputs(string? data, string? catalogPath)
    {
        data ??= Path.Combine(RepositoryFiles.Root, "..", "shared", "data", "n170-faces-houses", "subject1_session1");
        if (catalogPath is null) throw new ArgumentException("--catalog: give the catalog of the stimulus images (bci latents build --encoder ... --images .../n170-faces-houses/stim --out n170.bcilat)");
        return (data, LatentCatalogFile.Read(catalogPath));
    }

    private static Command EvalCommand() => new("eval", "Evaluate alignment") { RetrievalEvalCommand() };

    /// <summary>
    /// `retrieval`, as `bci latents eval retrieval` and, beside the decoder's evaluations, `bci eval retrieval`.
    /// </summary>
    internal static Command RetrievalEvalCommand()
    {
        var dataset = new Option<string>("--dataset") { Description = "synthetic (ground-truth generator) or n170 (Muse face/house recordings)", DefaultValueFactory = _ => "synthetic" };
        var snrs = new Option<double[]>("--snr") { Description = "Synthetic: SNRs in dB (signal power / noise power per sample)", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [-35, -30, -25, -20, -15, -10] };
        var ways = new Option<int>("--ways") { Description = "Synthetic: held-out items = gallery size of the N-way zero-shot test", DefaultValueFactory = _ => 200 };
        var items = new Option<int>("--items") { Description = "Synthetic: catalog items in all (training items = items - ways)", DefaultValueFactory = _ => 1200 };
        var data = new Option<DirectoryInfo?>("--data") { Description = "n170: folder of the CSV recordings (default ../shared/data/n170-faces-houses/subject1_session1)" };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "n170: catalog of the stimulus images (bci latents build --images .../stim)" };
        var contrastive = new Option<bool>("--contrastive") { Description = "Synthetic: also train the InfoNCE transformer at each SNR (minutes per SNR on a CPU)" };
        var retrieval = new Command("retrieval", "Zero-shot retrieval accuracy (top-1/top-5) with chance levels and the ceiling where one is computable")
        {
            dataset, snrs, ways, items, data, catalog, contrastive,
        };
        retrieval.SetAction(parse => Guarded(() =>
        {
            if (parse.GetValue(dataset) == "n170")
                EvalFaceHouse(parse.GetValue(data)?.FullName, parse.GetValue(catalog)?.FullName);
            else if (parse.GetValue(dataset) == "synthetic")
                EvalSynthetic(parse.GetValue(snrs)!, parse.GetValue(ways), parse.GetValue(items), parse.GetValue(contrastive));
            else
                throw new ArgumentException($"--dataset '{parse.GetValue(dataset)}' is unknown (synthetic or n170)");
        }));
        return retrieval;
    }

    private static void EvalSynthetic(double[] snrs, int ways, int items, bool contrastive)
    {
        var benchmark = new SyntheticRetrievalBenchmark { Ways = ways, Items = items };
        Console.WriteLine($"{ways}-way zero-shot retrieval, synthetic ground truth: {items} items ({items - ways} training items x {benchmark.TrainTrialsPerItem} trials, "
                          + $"{ways} held-out items x 1 trial), latent dim {benchmark.LatentDimension}, {benchmark.Channels} ch x {benchmark.Samples} samples, AR(1) noise; ridge mapping");
        Console.WriteLine();
        var alignment = contrastive ? new ContrastiveAlignment { Config = ContrastiveAlignment.Defaults with { Threads = 1 }, Log = Console.Error.WriteLine } : null;
        Console.WriteLine(contrastive
            ? "| SNR (dB) | ridge top-1 | ridge top-5 | InfoNCE top-1 | InfoNCE top-5 | ceiling top-1 | ceiling top-5 | chance top-1 | chance top-5 |"
            : "| SNR (dB) | top-1 | top-5 | ceiling top-1 | ceiling top-5 | chance top-1 | chance top-5 |");
        Console.WriteLine(contrastive ? "|---:|---:|---:|---:|---:|---:|---:|---:|---:|" : "|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var snr in snrs)
        {
            var row = benchmark.Run(snr, alignment);
            var learned = row.Contrastive is { } c ? string.Create(CultureInfo.InvariantCulture, $" {c.Top1:0.000} | {c.Top5:0.000} |") : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {snr:0} | {row.Learned.Top1:0.000} | {row.Learned.Top5:0.000} |{learned} {row.Ceiling.Top1:0.000} | {row.Ceiling.Top5:0.000} | {row.Learned.ChanceTop1:0.000} | {row.Learned.ChanceTop5:0.000} |"));
        }
    }

    private static void EvalFaceHouse(string? dataPath, string? catalogPath)
    {
        var (data, images) = FaceHouseInputs(dataPath, catalogPath);
        var result = new FaceHouseEvaluation().Run(data, images);
        var (low, high) = result.Score.Top1Interval;
        Console.WriteLine($"face/house 2-way retrieval, leave-one-file-out over {result.Files} files, catalog {images}");
        Console.WriteLine($"epochs {result.Epochs} (rejected {result.Rejected} above 150 uV peak-to-peak); prototypes: {result.Prototypes}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"top-1 {result.Score.Top1:0.000} (95% Wilson {low:0.000}-{high:0.000}), chance {result.Score.ChanceTop1:0.000}; ridge penalties chosen per fold: {string.Join(", ", result.ChosenPenalties)}"));
    }

    /// <summary>Reports on the training thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class ConsoleProgress(Action<EpochProgress> write) : IProgress<EpochProgress>
    {
        public void Report(EpochProgress value) => write(value);
    }

    /// <summary>Runs a verb; a bad file or argument prints one clear line and exit code 2 instead of a stack trace.</summary>
    private static int Guarded(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or NotSupportedException or InvalidOperationException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"bci latents: {e.Message}");
            return 2;
        }
    }
}
