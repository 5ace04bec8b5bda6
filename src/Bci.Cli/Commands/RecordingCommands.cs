using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bci.Cli.Recording;
using Bci.Recording;
using Spectre.Console;

namespace Bci.Cli.Commands;

/// <summary>inspect, replay, record: the verbs that work on recordings (XDF, EDF/BDF, GDF, EEGLAB).</summary>
public sealed class RecordingCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield return InspectCommand();
        yield return ReplayCommand();
        yield return RecordCommand();
    }

    private static Command InspectCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "Recording: .xdf, .edf, .bdf, .gdf or EEGLAB .set" };
        var json = new Option<bool>("--json") { Description = "Print the same facts as JSON (for scripts)" };
        var raw = new Option<bool>("--raw-times") { Description = "XDF: do not apply the clock offsets (raw sender timestamps)" };
        var dejitter = new Option<bool>("--dejitter") { Description = "XDF: regularise the timestamps of regular streams (as pyxdf's dejitter_timestamps)" };
        var command = new Command("inspect", "Print a recording's streams, channels, rates, durations, sample and event counts, first/last timestamps, clock offsets and problems")
        {
            file, json, raw, dejitter,
        };
        command.SetAction((parse, cancellation) =>
        {
            var path = parse.GetValue(file)!.FullName;
            var asJson = parse.GetValue(json);
            try
            {
                var inspection = WithProgress(!asJson, path, progress =>
                {
                    var recording = RecordingReader.Open(path, new RecordingReadOptions
                    {
                        SynchronizeClocks = !parse.GetValue(raw),
                        Dejitter = parse.GetValue(dejitter),
                        Progress = progress,
                    });
                    return RecordingInspection.Of(recording, cancellation);
                });
                if (asJson)
                    Console.Out.WriteLine(JsonSerializer.Serialize(inspection, JsonOptions));
                else
                    RecordingViews.Print(Views.TerminalConsole.ForStandardOutput(), inspection);
                return Task.FromResult(0);
            }
            catch (Exception e) when (e is RecordingFormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"bci inspect: {e.Message}");
                return Task.FromResult(1);
            }
        });
        return command;
    }

    private static Command ReplayCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "Recording to republish as LSL outlets" };
        var speed = new Option<string>("--speed") { Description = "Speed factor (1 = as recorded) or 'max'", DefaultValueFactory = _ => "1" };
        var loop = new Option<bool>("--loop") { Description = "Start again at the end (until Ctrl+C)" };
        var streams = new Option<string[]>("--stream") { Description = "Only these streams (name; repeatable); default: all", AllowMultipleArgumentsPerToken = true };
        var start = new Option<double>("--start") { Description = "Skip this many seconds from the start" };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds" };
        var wait = new Option<double>("--wait") { Description = "Wait up to this many seconds for an inlet before starting", DefaultValueFactory = _ => 0 };
        var command = new Command("replay", "Republish a recording's streams as live LSL outlets with the original metadata, at the recorded pace, a speed factor or max")
        {
            file, speed, loop, streams, start, duration, wait,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var speedText = parse.GetValue(speed) ?? "1";
            double factor;
            if (string.Equals(speedText, "max", StringComparison.OrdinalIgnoreCase)) factor = double.PositiveInfinity;
            else if (!double.TryParse(speedText, NumberStyles.Float, CultureInfo.InvariantCulture, out factor) || !(factor > 0))
            {
                Console.Error.WriteLine($"bci replay: --speed must be a number above 0 or 'max', not '{speedText}'");
                return 2;
            }
            try
            {
                // The file's own numbers and units go out, as the original outlet sent them.
                var recording = RecordingReader.Open(parse.GetValue(file)!.FullName, new RecordingReadOptions { ConvertToVolts = false });
                var options = new LslReplay.Options(factor, parse.GetValue(loop), parse.GetValue(start), parse.GetValue(duration),
                    parse.GetValue(streams) ?? [], parse.GetValue(wait));
                return await LslReplay.RunAsync(recording, options, Views.TerminalConsole.ForStandardOutput(), cancellation);
            }
            catch (Exception e) when (e is RecordingFormatException or IOException or InvalidOperationException)
            {
                Console.Error.WriteLine($"bci replay: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command RecordCommand()
    {
        var streams = new Option<string[]>("--stream") { Description = "LSL stream to record: a name, or an XPath query such as \"type='EEG'\" (repeatable)", AllowMultipleArgumentsPerToken = true, Required = true };
        var output = new Option<FileInfo>("--out") { Description = "XDF file to write", Required = true };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds (default: Ctrl+C)" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for each stream to be found", DefaultValueFactory = _ => 5 };
        var command = new Command("record", "Record LSL streams (data, markers, decoded outputs) into an XDF file like LabRecorder: clock offsets, boundaries, footers; crash-safe")
        {
            streams, output, duration, timeout,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                return await LslRecorder.RunAsync(parse.GetValue(streams)!, parse.GetValue(output)!.FullName, parse.GetValue(duration),
                    parse.GetValue(timeout), Console.Out, cancellation);
            }
            catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
            {
                Console.Error.WriteLine($"bci record: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Runs <paramref name="work"/> under a progress bar when printing to a terminal and the file is large.</summary>
    private static T WithProgress<T>(bool allowed, string path, Func<IProgress<double>?, T> work)
    {
        if (!allowed || Console.IsOutputRedirected || new FileInfo(path).Length < (32L << 20)) return work(null);
        T result = default!;
        AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"reading {Path.GetFileName(path)}", maxValue: 1.0);
                result = work(new Progress<double>(v => task.Value = v));
                task.Value = 1;
            });
        return result;
    }
}
