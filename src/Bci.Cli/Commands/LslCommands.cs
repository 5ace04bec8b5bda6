using System.CommandLine;
using System.Globalization;
using Bci.Core.Streams;
using Bci.Core.Time;
using Bci.Lsl;
using Bci.Lsl.Benchmarks;
using Bci.Lsl.Config;
using Bci.Lsl.Info;
using Bci.Lsl.Native;

namespace Bci.Cli.Commands;

/// <summary>
/// `bci streams` (visible LSL streams, like LabRecorder's list) and `bci lsl list|show|send|receive|bench`:
/// find, inspect, publish and pull LSL streams, and measure the transport.
/// </summary>
public sealed class LslCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield return ListCommand("streams");
        yield return new Command("lsl", "Lab Streaming Layer: list, inspect, send and receive streams; benchmark the transport")
        {
            ListCommand("list"), ShowCommand(), SendCommand(), ReceiveCommand(), BenchCommand(),
        };
    }

    private static Option<double> Wait(double seconds) => new("--wait") { Description = "Seconds to look for streams", DefaultValueFactory = _ => seconds };

    private static Option<LslBackendMode> Backend() => new("--backend") { Description = "managed, native (liblsl) or auto", DefaultValueFactory = _ => LslBackendMode.Managed };

    private static Option<FileInfo?> ConfigOption() => new("--config") { Description = "lsl_api.cfg to use (default: LSLAPICFG, ./lsl_api.cfg, ~/lsl_api/lsl_api.cfg, /etc/lsl_api/lsl_api.cfg)" };

    private static LslConfig LoadConfig(FileInfo? file) =>
        file is null ? LslConfig.Load() : LslConfig.Parse(File.ReadAllText(file.FullName)) with { Origin = file.FullName };

    private static Command ListCommand(string name)
    {
        var wait = Wait(1);
        var query = new Option<string>("--query") { Description = "XPath predicate, e.g. \"type='EEG'\"", DefaultValueFactory = _ => "" };
        var backend = Backend();
        var config = ConfigOption();
        var command = new Command(name, "List the LSL streams visible from here (name, type, channels, rate, format, host, source_id)") { wait, query, backend, config };
        command.SetAction(parse =>
        {
            var lsl = LslBackends.Create(parse.GetValue(backend), LoadConfig(parse.GetValue(config)));
            var found = lsl.CreateResolver(LoadConfig(parse.GetValue(config))).Resolve(parse.GetValue(query) ?? "", 0, parse.GetValue(wait));
            if (found.Count == 0)
            {
                Console.WriteLine($"no LSL streams found within {parse.GetValue(wait):0.##} s ({lsl.Name})");
                return 0;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"name",-24} {"type",-10} {"ch",4} {"rate",9} {"format",-8} {"host",-16} {"source_id",-20} address"));
            foreach (var s in found)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Name,-24} {s.Type,-10} {s.ChannelCount,4} {(s.IsRegular ? s.NominalRate.ToString("0.###", CultureInfo.InvariantCulture) : "irreg."),9} {s.Format.ToName(),-8} {s.Hostname,-16} {s.SourceId,-20} {s.V4Address}:{s.V4DataPort}"));
            Console.WriteLine($"{found.Count} stream(s) ({lsl.Name})");
            return 0;
        });
        return command;
    }

    // The stream with that name, or null after telling the user none was found.
    private static LslStreamInfo? FindByName(ILslBackend lsl, LslConfig config, string name, double waitSeconds)
    {
        var found = lsl.CreateResolver(config).Resolve(LslQuery.Property("name", name), 1, waitSeconds);
        if (found.Count > 0) return found[0];
        Console.Error.WriteLine($"no LSL stream named '{name}' found within {waitSeconds:0.##} s");
        return null;
    }

    private static Command ShowCommand()
    {
        var streamName = new Argument<string>("name") { Description = "Stream name" };
        var wait = Wait(3);
        var backend = Backend();
        var config = ConfigOption();
        var command = new Command("show", "Print one stream's full info (with desc: channel labels, units, ...) and its clock offset") { streamName, wait, backend, config };
        command.SetAction(parse =>
        {
            var lsl = LslBackends.Create(parse.GetValue(backend), LoadConfig(parse.GetValue(config)));
            if (FindByName(lsl, LoadConfig(parse.GetValue(config)), parse.GetValue(streamName)!, parse.GetValue(wait)) is not { } found) return 1;
            using var inlet = lsl.CreateInlet(found, new LslInletOptions { Config = LoadConfig(parse.GetValue(config)) });
            Console.Write(inlet.GetFullInfo(5).ToFullXml());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time correction: {inlet.TimeCorrection(5) * 1e3:0.000} ms (local - remote)"));
            return 0;
        });
        return command;
    }

    private static Command SendCommand()
    {
        var name = new Option<string>("--name") { Description = "Stream name", DefaultValueFactory = _ => "BciTest" };
        var type = new Option<string>("--type") { Description = "Stream type", DefaultValueFactory = _ => "EEG" };
        var channels = new Option<int>("--channels") { Description = "Channels", DefaultValueFactory = _ => 8 };
        var rate = new Option<double>("--rate") { Description = "Samples per second", DefaultValueFactory = _ => 250 };
        var format = new Option<string>("--format") { Description = "float32, double64, int8, int16, int32, int64 or string", DefaultValueFactory = _ => "float32" };
        var duration = new Option<double>("--duration") { Description = "Seconds to send (0 = until Ctrl+C)", DefaultValueFactory = _ => 10 };
        var backend = Backend();
        var config = ConfigOption();
        var command = new Command("send", "Publish a test stream: channel k carries sample_index + 1000 k (strings: the index as text)") { name, type, channels, rate, format, duration, backend, config };
        command.SetAction((parse, cancellation) =>
        {
            var lsl = LslBackends.Create(parse.GetValue(backend), LoadConfig(parse.GetValue(config)));
            var fmt = ChannelFormatNames.Parse(parse.GetValue(format));
            var c = parse.GetValue(channels);
            var r = parse.GetValue(rate);
            var info = LslStreamInfo.FromDescription(StreamDescription.Unlabelled(parse.GetValue(name)!, parse.GetValue(type)!, c, r, fmt, "microvolts") with { SourceId = parse.GetValue(name) + "-bci-send" });
            using var outlet = lsl.CreateOutlet(info, new LslOutletOptions { Config = LoadConfig(parse.GetValue(config)) });
            Console.WriteLine($"sending {outlet.Info} on {outlet.Info.V4DataPort}/{outlet.Info.V4ServicePort} ({lsl.Name}); Ctrl+C stops");
            var seconds = parse.GetValue(duration);
            var start = LslClock.LocalClock();
            var values = new double[c];
            long i = 0;
            while (!cancellation.IsCancellationRequested && (seconds <= 0 || LslClock.LocalClock() - start < seconds))
            {
                var due = start + i / r;
                var wait = due - LslClock.LocalClock();
                if (wait > 0) Thread.Sleep(TimeSpan.FromSeconds(wait));
                for (var k = 0; k < c; k++) values[k] = i + 1000 * k;
                if (fmt == ChannelFormat.String) outlet.PushStrings(values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray());
                else outlet.PushSample<double>(values);
                i++;
            }
            Console.WriteLine($"sent {i} samples");
            return Task.FromResult(0);
        });
        return command;
    }

    private static Command ReceiveCommand()
    {
        var streamName = new Argument<string>("name") { Description = "Stream name" };
        var count = new Option<int>("--count") { Description = "Samples to print", DefaultValueFactory = _ => 10 };
        var wait = Wait(5);
        var backend = Backend();
        var config = ConfigOption();
        var command = new Command("receive", "Pull samples of a stream and print them with timestamps (corrected to this machine's clock)") { streamName, count, wait, backend, config };
        command.SetAction(parse =>
        {
            var lsl = LslBackends.Create(parse.GetValue(backend), LoadConfig(parse.GetValue(config)));
            var name = parse.GetValue(streamName)!;
            if (FindByName(lsl, LoadConfig(parse.GetValue(config)), name, parse.GetValue(wait)) is not { } info) return 1;
            using var inlet = lsl.CreateInlet(info, new LslInletOptions { Config = LoadConfig(parse.GetValue(config)), Processing = LslProcessing.ClockSync });
            Console.WriteLine($"receiving {info} from {info.V4Address}:{info.V4DataPort} ({lsl.Name})");
            var values = new double[info.ChannelCount];
            var strings = new string[info.ChannelCount];
            for (var i = 0; i < parse.GetValue(count); i++)
            {
                double ts;
                bool got = info.Format == ChannelFormat.String ? inlet.TryPullStrings(strings, parse.GetValue(wait), out ts) : inlet.TryPullSample<double>(values, parse.GetValue(wait), out ts);
                if (!got)
                {
                    Console.Error.WriteLine($"stream '{name}' sent nothing for {parse.GetValue(wait):0.##} s");
                    return 1;
                }
                var text = info.Format == ChannelFormat.String ? string.Join(" ", strings) : string.Join(" ", values.Take(8).Select(v => v.ToString("G9", CultureInfo.InvariantCulture)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ts:0.000000}  {text}{(info.ChannelCount > 8 && info.Format != ChannelFormat.String ? " ..." : "")}"));
            }
            return 0;
        });
        return command;
    }

    private static Command BenchCommand()
    {
        var seconds = new Option<double>("--seconds") { Description = "Seconds per measurement", DefaultValueFactory = _ => 3 };
        var warmUp = new Option<double>("--warmup") { Description = "Seconds of the paced latency run pushed and pulled before counting starts", DefaultValueFactory = _ => 0.5 };
        var pullSpin = new Option<double>("--pull-spin") { Description = "Microseconds a managed inlet's pull spins before blocking (0: block at once)", DefaultValueFactory = _ => 0 };
        var sleepPacing = new Option<bool>("--sleep-pacing") { Description = "Paced run: sleep 1 ms between pushes (pushing every sample that came due) instead of spinning to each due time" };
        var latencyOnly = new Option<bool>("--latency-only") { Description = "Only the paced latency run (no throughput runs)" };
        var config = ConfigOption();
        var command = new Command("bench", "Loopback benchmark, managed and (when loadable) native liblsl side by side: 64 ch float32 latency at 1 kHz and throughput at chunk 1/32/256") { seconds, warmUp, pullSpin, sleepPacing, latencyOnly, config };
        command.SetAction(parse =>
        {
            var cfg = parse.GetValue(config) is { } file ? LoadConfig(file) : LslConfig.Loopback;
            var backends = new List<ILslBackend> { new ManagedLslBackend(cfg) };
            if (NativeLslBackend.TryCreate(out var native, out var reason))
            {
                NativeLslBackend.UseConfigFile(cfg);
                backends.Add(native!);
            }
            else Console.WriteLine($"native liblsl not measured: {reason}");
            var s = parse.GetValue(seconds);
            var rows = new List<TransportResult>();
            foreach (var backend in backends)
            {
                var bench = new TransportBenchmark(backend, cfg) { WarmUpSeconds = parse.GetValue(warmUp), PullSpinMicroseconds = parse.GetValue(pullSpin), SleepPacing = parse.GetValue(sleepPacing) };
                // Throughput first: the paced run of either backend then comes after seconds of the same push and pull
                // paths, so neither is measured in a freshly started runtime (managed code still being tiered up).
                if (!parse.GetValue(latencyOnly))
                    foreach (var chunk in new[] { 1, 32, 256 }) rows.Add(bench.Throughput(chunk, s));
                rows.Insert(rows.Count - (parse.GetValue(latencyOnly) ? 0 : 3), bench.Latency(s));
            }
            Console.WriteLine($"| backend | measurement | chunk | samples | samples/s | latency p50 (ms) | p99 (ms) | max (ms) | lost | CPU µs/sample |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in rows)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Backend} | {r.Scenario} | {r.ChunkSize} | {r.Samples} | {(double.IsNaN(r.SamplesPerSecond) ? "" : r.SamplesPerSecond.ToString("N0", CultureInfo.InvariantCulture))} | {Ms(r.LatencyP50Ms)} | {Ms(r.LatencyP99Ms)} | {Ms(r.LatencyMaxMs)} | {r.Lost} | {(double.IsNaN(r.CpuMicrosecondsPerSample) ? "" : r.CpuMicrosecondsPerSample.ToString("0.00", CultureInfo.InvariantCulture))} |"));
            foreach (var r in rows)
                if (r.Diagnostics is { } d) PrintDiagnostics(r.Backend, d);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average {File.ReadAllText("/proc/loadavg").Trim()} (Linux /proc/loadavg) at {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC"));
            return 0;
        });
        return command;
    }

    // What the runtime did while the paced run was counted, and where its slowest samples fell.
    private static void PrintDiagnostics(string backend, LatencyDiagnostics d)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv,
            $"{backend}, paced run: GCs gen0/gen1/gen2 {d.Gen0Collections}/{d.Gen1Collections}/{d.Gen2Collections} (pause {d.GcPauseMs:0.000} ms), allocated {d.AllocatedBytesPerSample:0.0} B/sample, JIT compiled {d.JitCompilations} methods ({d.JitMs:0.0} ms); " +
            $"{d.SamplesOver1Ms} samples > 1 ms in {d.Stalls} stalls, {d.LateSamplesWithCollection} of them with a GC in flight; p99 inside the push call {d.PushCallP99Ms:0.000} ms{(double.IsNaN(d.BufferWaitP99Ms) ? "" : $", waiting in the inlet buffer {d.BufferWaitP99Ms:0.000} ms")}"));
        Console.WriteLine("  slowest: " + string.Join(", ", d.Worst.Select(w => string.Create(inv,
            $"{w.LatencyMs:0.00} ms at {w.AtMs / 1e3:0.000} s (push {w.PushMs:0.00}{(double.IsNaN(w.InBufferMs) ? "" : $", buffer {w.InBufferMs:0.00}")}){(w.Collections > 0 ? $" GC×{w.Collections}" : "")}{(w.JitCompilations > 0 ? $" JIT×{w.JitCompilations}" : "")}"))));
    }

    private static string Ms(double value) => double.IsNaN(value) ? "" : value.ToString("0.000", CultureInfo.InvariantCulture);
}
