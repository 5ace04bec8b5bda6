using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bci.Cli.Bench;
using Bci.Core.Logging;
using Bci.Hardware.Profiles;

namespace Bci.Cli.Commands;

/// <summary>
/// `bci bench latency`: end-to-end latency of a live decoding pipeline on a simulated amplifier, from the LSL push
/// of each window's last sample to a consumer pulling its decoded output, per decoder, as a table and one JSON line.
/// </summary>
public sealed class BenchCommands : ICommandModule
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public IEnumerable<Command> CreateCommands()
    {
        yield return new Command("bench", "Benchmarks of the whole system (transport-only: bci lsl bench)") { LatencyCommand(), PublishCommand() };
    }

    private static Command LatencyCommand()
    {
        var duration = new Option<double>("--duration") { Description = "Seconds measured (after the warm-up)", DefaultValueFactory = _ => 20 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds streamed first and not measured (the JIT tiers up hot code, the model warms up)", DefaultValueFactory = _ => 5 };
        var profile = new Option<string>("--profile") { Description = "Device profile id or file (hardware/*.json)", DefaultValueFactory = _ => "eegmmidb-bci2000-64" };
        var channels = new Option<int>("--channels") { Description = "Use the first N channels of the profile (0 = all)", DefaultValueFactory = _ => 0 };
        var rate = new Option<double>("--rate") { Description = "Sampling rate in Hz (0 = the profile's)", DefaultValueFactory = _ => 1000 };
        var decoders = new Option<string[]>("--decoder")
        {
            Description = "none, csp-lda, transformer (several: repeat or comma-separate; each is run in turn)",
            DefaultValueFactory = _ => ["none", "csp-lda", "transformer"],
            AllowMultipleArgumentsPerToken = true,
        };
        var window = new Option<double>("--window") { Description = "Window length in seconds", DefaultValueFactory = _ => 1 };
        var step = new Option<double>("--step") { Description = "Seconds between windows", DefaultValueFactory = _ => 0.1 };
        var chunk = new Option<int>("--push-chunk") { Description = "Samples per LSL push by the simulated device (1 = each sample)", DefaultValueFactory = _ => 1 };
        var inletChunk = new Option<int>("--inlet-chunk") { Description = "Most samples per chunk the pipeline's lsl.inlet emits (its chunk option)", DefaultValueFactory = _ => 32 };
        var threads = new Option<int>("--torch-threads") { Description = "libtorch intra-op threads for the transformer (0 = libtorch's default: one per core)", DefaultValueFactory = _ => 1 };
        var publisherMode = new Option<string>("--publisher")
        {
            Description = "Where the simulated device runs: thread (in this process) or process (its own, as a vendor app)",
            DefaultValueFactory = _ => "thread",
        };
        publisherMode.AcceptOnlyFromAmong("thread", "process");
        var tracePath = new Option<FileInfo?>("--trace") { Description = "Write each window's clock readings to CSV files (FILE-<decoder>.csv)" };
        var verbose = new Option<bool>("--verbose") { Description = "Print the pipeline's log" };
        var command = new Command("latency",
            "End-to-end latency: simulated amplifier -> LSL -> lsl.inlet -> dsp.bandpass -> dsp.window -> decoder -> lsl.decoded-outlet -> LSL consumer; " +
            "time from pushing each window's last sample to pulling its decoded output (p50/p99/max), per decoder")
        {
            duration, warmup, profile, channels, rate, decoders, window, step, chunk, inletChunk, threads, publisherMode, tracePath, verbose,
        };
        command.SetAction((parse, cancellation) =>
        {
            var settings = new LatencySettings
            {
                Profile = parse.GetValue(profile)!, Rate = parse.GetValue(rate) is > 0 and var r ? r : null, Duration = parse.GetValue(duration),
                Warmup = parse.GetValue(warmup), Window = parse.GetValue(window), Step = parse.GetValue(step), PushChunk = parse.GetValue(chunk),
                InletChunk = parse.GetValue(inletChunk), SeparateProcess = parse.GetValue(publisherMode) == "process",
            };
            var problems = settings.Problems().ToList();
            var kinds = new List<DecoderKind>();
            foreach (var name in (parse.GetValue(decoders) ?? []).SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (ParseDecoder(name) is { } kind) kinds.Add(kind);
                else problems.Add($"--decoder: '{name}' is not none, csp-lda or transformer");
            }
            DeviceProfile? device = null;
            try
            {
                device = ProfileDirectory.Load(settings.Profile, RepositoryFiles.Root);
                var n = parse.GetValue(channels);
                if (n < 0 || n > device.ChannelCount) problems.Add($"--channels: {n} is not between 0 and the profile's {device.ChannelCount}");
                else if (n > 0) device = device with { Channels = device.Channels.Take(n).ToList() };
            }
            catch (Exception e) when (e is ProfileException or FileNotFoundException or DirectoryNotFoundException)
            {
                problems.Add($"--profile: {e.Message}");
            }
            if (problems.Count > 0 || device is null)
            {
                foreach (var problem in problems) Console.Error.WriteLine(problem);
                return Task.FromResult(2);
            }
            if (parse.GetValue(threads) > 0) TorchSharp.torch.set_num_threads(parse.GetValue(threads));

            var log = parse.GetValue(verbose) ? (IPipelineLog)new TextWriterLog(Console.Out) : new TextWriterLog(Console.Error, LogLevel.Warning);
            var bench = new LatencyBenchmark(settings, device, log) { TracePath = parse.GetValue(tracePath)?.FullName };
            var machine = MachineInfo.Describe();
            Console.WriteLine($"bci bench latency: {device.Name} simulated, {device.ChannelCount} ch at {bench.Rate:0.###} Hz, pushed {settings.PushChunk} sample(s) at a time over managed LSL (loopback); " +
                              $"{(settings.SeparateProcess ? "publisher in its own process; " : "")}band-pass {settings.Low:0.##}-{settings.High:0.##} Hz, windows of {bench.WindowSamples} samples every {bench.StepSamples}; " +
                              $"{settings.Warmup:0.##} s warm-up + {settings.Duration:0.##} s measured per decoder");
            Console.WriteLine($"machine: {machine.Summary}");
            var results = new List<LatencyResult>();
            foreach (var kind in kinds.Distinct())
            {
                if (cancellation.IsCancellationRequested) break;
                Console.WriteLine($"running {Name(kind)} ...");
                results.Add(bench.Run(kind, cancellation));
            }
            Print(results);
            var json = new
            {
                Benchmark = "bench-latency",
                Date = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                Machine = machine,
                Command = "bci " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                Profile = device.Id, Channels = device.ChannelCount, bench.Rate, settings.Window, settings.Step, settings.Warmup, settings.Duration, settings.PushChunk, settings.InletChunk, Publisher = settings.SeparateProcess ? "process" : "thread",
                TorchThreads = kinds.Contains(DecoderKind.Transformer) ? TorchSharp.torch.get_num_threads() : 0,
                Results = results,
            };
            Console.WriteLine(JsonSerializer.Serialize(json, Json));
            var failed = results.Any(r => r.Errors.Count > 0 || r.Received == 0);
            return Task.FromResult(failed ? 1 : 0);
        });
        return command;
    }

    /// <summary>The simulated device of `bench latency --publisher process`: see <see cref="PublisherProcess"/>.</summary>
    private static Command PublishCommand()
    {
        var profile = new Option<string>("--profile") { Required = true };
        var channels = new Option<int>("--channels") { Required = true };
        var rate = new Option<double>("--rate") { Required = true };
        var samples = new Option<long>("--samples") { Required = true };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var sourceId = new Option<string>("--source-id") { Required = true };
        var chunk = new Option<int>("--push-chunk") { DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo>("--out") { Required = true };
        var command = new Command("publish", "The simulated device of `bench latency --publisher process` (driven over standard input and output)")
        {
            profile, channels, rate, samples, seed, sourceId, chunk, output,
        };
        command.Hidden = true;
        command.SetAction((parse, cancellation) =>
        {
            var device = ProfileDirectory.Load(parse.GetValue(profile)!, RepositoryFiles.Root);
            device = device with { Channels = device.Channels.Take(parse.GetValue(channels)).ToList() };
            using var publisher = new SamplePublisher(device, parse.GetValue(rate), parse.GetValue(samples), parse.GetValue(seed), parse.GetValue(sourceId)!);
            publisher.Open(Bci.Lsl.Config.LslConfig.Loopback);
            if (!publisher.WaitForConsumers(90))
            {
                Console.Error.WriteLine("no inlet connected within 90 s");
                return Task.FromResult(1);
            }
            Console.WriteLine("ready");
            if (Console.ReadLine() is not { } line || !double.TryParse(line, NumberStyles.Float, CultureInfo.InvariantCulture, out var origin))
                return Task.FromResult(1); // the benchmark went away before starting
            var trace = new LatencyTrace(parse.GetValue(rate), parse.GetValue(samples)) { Origin = origin };
            var process = System.Diagnostics.Process.GetCurrentProcess();
            var cpuStart = process.TotalProcessorTime;
            publisher.Run(trace, parse.GetValue(chunk), cancellation);
            process.Refresh();
            var bytes = new byte[trace.PushTimes.Length * sizeof(double)];
            Buffer.BlockCopy(trace.PushTimes, 0, bytes, 0, bytes.Length);
            File.WriteAllBytes(parse.GetValue(output)!.FullName, bytes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done {(process.TotalProcessorTime - cpuStart).TotalSeconds:R}"));
            return Task.FromResult(0);
        });
        return command;
    }

    private static DecoderKind? ParseDecoder(string name) => name.ToLowerInvariant() switch
    {
        "none" => DecoderKind.None,
        "csp-lda" or "csplda" or "baseline" => DecoderKind.CspLda,
        "transformer" or "decode" => DecoderKind.Transformer,
        _ => null,
    };

    private static string Name(DecoderKind kind) => kind switch
    {
        DecoderKind.CspLda => "csp-lda",
        DecoderKind.Transformer => "transformer",
        _ => "none",
    };

    private static void Print(IReadOnlyList<LatencyResult> results)
    {
        static string Ms(double v) => double.IsNaN(v) ? "-" : v.ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine("| decoder | windows measured / expected | end-to-end p50 (ms) | p99 (ms) | max (ms) | LSL in p50 / p99 | filter + window p50 / p99 | decoder p50 / p99 | LSL out p50 / p99 | dropped | CPU s / wall s | GC pause ms (gen0/1/2) | load before -> after |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Name(r.Decoder)} | {r.Received} / {r.Expected} | {Ms(r.EndToEnd.P50Ms)} | {Ms(r.EndToEnd.P99Ms)} | {Ms(r.EndToEnd.MaxMs)} | " +
                $"{Ms(r.PushToInlet.P50Ms)} / {Ms(r.PushToInlet.P99Ms)} | {Ms(r.InletToCut.P50Ms)} / {Ms(r.InletToCut.P99Ms)} | {Ms(r.CutToDecoded.P50Ms)} / {Ms(r.CutToDecoded.P99Ms)} | {Ms(r.DecodedToReceived.P50Ms)} / {Ms(r.DecodedToReceived.P99Ms)} | " +
                $"{r.Dropped} | {r.CpuSeconds:0.0} / {r.WallSeconds:0.0} | {r.GcPauseMs:0.0} ({string.Join('/', r.GcCollections)}) | {r.LoadBefore} -> {r.LoadAfter} |"));
        }
        Console.WriteLine();
        foreach (var r in results)
        {
            Console.WriteLine($"{Name(r.Decoder)}: {r.DecoderDescription}; windows cut {r.Cut}, decoded {r.Decoded}, pulled {r.Received} of {r.Expected}" +
                              (r.Unmatched > 0 ? $"; {r.Unmatched} outputs did not match a window" : ""));
            foreach (var error in r.Errors) Console.WriteLine($"  error: {error}");
        }
        Console.WriteLine();
    }
}
