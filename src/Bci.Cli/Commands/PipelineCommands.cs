using System.CommandLine;
using Bci.Cli.Recording;
using Bci.Core.Logging;
using Bci.Pipelines;
using Bci.Pipelines.Files;
using Bci.Pipelines.Registry;
using Bci.Pipelines.Running;
using Bci.Recording;
using Bci.Recording.Stages;
using Spectre.Console;

namespace Bci.Cli.Commands;

/// <summary>run, validate, stages: the verbs that work on pipeline files.</summary>
public sealed class PipelineCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield return RunCommand();
        yield return ValidateCommand();
        yield return StagesCommand();
    }

    private static Command RunCommand()
    {
        var file = new Argument<FileInfo>("pipeline") { Description = "Pipeline file (YAML), e.g. pipelines/hello.yaml" };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds (sinks flush); default: until the sources end or Ctrl+C" };
        var quiet = new Option<bool>("--quiet") { Description = "Print only warnings and errors" };
        var view = new Option<bool>("--view") { Description = "Show a live table of every node's health (items, rate, drops, queues, lag) while it runs" };
        var replay = new Option<FileInfo?>("--replay") { Description = "Run on this recording instead of live LSL: each lsl.inlet / lsl.markers-inlet source replays the file's stream it would have resolved" };
        var speed = new Option<string>("--speed") { Description = "With --replay: speed factor (1 = as recorded) or 'max'", DefaultValueFactory = _ => "1" };
        var command = new Command("run", "Run a pipeline until its sources end, --duration elapses, or Ctrl+C (sinks flush either way)")
        {
            file, duration, quiet, view, replay, speed,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var log = new TextWriterLog(Console.Out, parse.GetValue(quiet) ? LogLevel.Warning : LogLevel.Info);
            var seconds = parse.GetValue(duration);
            Func<Pipeline, Pipeline>? substitute = null;
            if (parse.GetValue(replay) is { } recording)
            {
                if (!TryParseSpeed(parse.GetValue(speed) ?? "1", out var pace, out var factor))
                {
                    Console.Error.WriteLine($"bci run: --speed must be a number above 0 or 'max', not '{parse.GetValue(speed)}'");
                    return 2;
                }
                substitute = pipeline =>
                {
                    var replayed = ReplaySubstitution.Apply(pipeline, RecordingReader.Open(recording.FullName), pace, factor);
                    foreach (var (before, after) in pipeline.Nodes.Zip(replayed.Nodes).Where(p => p.First.Stage.Name != p.Second.Stage.Name))
                        log.Write(LogLevel.Info, before.Id, $"{before.Stage.Name} replaced by {after.Stage.Name} of {recording.Name}");
                    return replayed;
                };
            }
            return await RunPipelineAsync(parse.GetValue(file)!.FullName, seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), log, cancellation,
                parse.GetValue(view), substitute);
        });
        return command;
    }

    /// <summary>Loads, validates and runs a pipeline file, printing problems and a closing summary; returns the exit code.</summary>
    public static async Task<int> RunPipelineAsync(string path, TimeSpan? duration, IPipelineLog log, CancellationToken cancellation, bool liveView = false,
        Func<Pipeline, Pipeline>? substitute = null)
    {
        Pipeline pipeline;
        try
        {
            pipeline = PipelineLoader.LoadFile(path, StageRegistry.ForBuiltIns());
        }
        catch (PipelineValidationException e)
        {
            PrintProblems(e.Problems);
            return 2;
        }
        try
        {
            if (substitute is not null) pipeline = substitute(pipeline);
        }
        catch (Exception e) when (e is InvalidOperationException or RecordingFormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"bci run: --replay: {e.Message}");
            return 2;
        }

        log.Write(LogLevel.Info, pipeline.Name, $"running {pipeline.Nodes.Count} nodes{(duration is null ? "" : $" for {duration.Value.TotalSeconds:0.###} s")} (Ctrl+C stops and flushes)");
        RunResult result;
        if (liveView && !Console.IsOutputRedirected)
        {
            // The live table owns the terminal while it runs; log lines are kept and printed after it.
            var kept = new MemoryLog();
            var run = PipelineRunner.Start(pipeline, new RunOptions { Duration = duration, Log = kept }, cancellation);
            await Views.LiveHealthView.ShowUntilDoneAsync(pipeline, run, AnsiConsole.Console);
            result = await run.Completion;
            foreach (var (level, source, message) in kept.Lines) log.Write(level, source, message);
        }
        else
            result = await PipelineRunner.RunAsync(pipeline, new RunOptions { Duration = duration, Log = log }, cancellation);
        foreach (var node in pipeline.Nodes)
        {
            var counters = result.Health[node.Id].All.Where(c => c.Value != 0 || (c.Name == "dropped" && node.Overload.Mode != Bci.Core.Overload.OverloadMode.Inline))
                .Select(c => c.ToString()).ToList();
            if (counters.Count > 0) log.Write(LogLevel.Info, node.Id, string.Join(", ", counters));
        }
        log.Write(result.Succeeded ? LogLevel.Info : LogLevel.Error, pipeline.Name,
            $"{(result.Succeeded ? "finished" : $"failed with {result.Errors.Count} error(s)")} after {result.Elapsed.TotalSeconds:0.00} s{(result.Stopped ? " (stopped)" : "")}");
        return result.Succeeded ? 0 : 1;
    }

    private static bool TryParseSpeed(string text, out ReplayPace pace, out double factor)
    {
        pace = ReplayPace.Original;
        if (string.Equals(text, "max", StringComparison.OrdinalIgnoreCase))
        {
            pace = ReplayPace.Max;
            factor = 1;
            return true;
        }
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out factor)
               && factor > 0 && !double.IsInfinity(factor);
    }

    private static Command ValidateCommand()
    {
        var file = new Argument<FileInfo>("pipeline") { Description = "Pipeline file (YAML)" };
        var command = new Command("validate", "Check a pipeline file: every problem is printed with file:line:column; exit code 0 when valid") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var problems = PipelineLoader.Validate(path.FullName, StageRegistry.ForBuiltIns())
                .Select(p => p with { Location = p.Location with { File = RelativeOrSame(p.Location.File, path) } }).ToList();
            if (problems.Count == 0)
            {
                Console.WriteLine($"{path.Name}: ok");
                return 0;
            }
            PrintProblems(problems);
            return 1;
        });
        return command;
    }

    private static string RelativeOrSame(string file, FileInfo given) =>
        Path.GetFullPath(file) == given.FullName ? Path.GetRelativePath(Environment.CurrentDirectory, given.FullName) : file;

    private static void PrintProblems(IReadOnlyList<PipelineProblem> problems)
    {
        foreach (var problem in problems) Console.Error.WriteLine(problem);
        Console.Error.WriteLine($"{problems.Count} problem{(problems.Count == 1 ? "" : "s")}");
    }

    private static Command StagesCommand()
    {
        var plugin = new Option<FileInfo[]>("--plugin") { Description = "Also list the stages of these plug-in DLLs", AllowMultipleArgumentsPerToken = true };
        var name = new Argument<string?>("name") { Description = "Show only this stage", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("stages", "List every stage (built-in and plug-in) with its description and options") { name, plugin };
        command.SetAction(parse =>
        {
            var registry = StageRegistry.ForBuiltIns();
            var problems = new List<PipelineProblem>();
            foreach (var dll in parse.GetValue(plugin) ?? [])
                Bci.Pipelines.Plugins.PluginLoader.LoadInto(registry, dll.FullName, SourceLocation.Unknown(dll.Name), Environment.CurrentDirectory, problems);
            if (problems.Count > 0)
            {
                PrintProblems(problems);
                return 1;
            }
            var only = parse.GetValue(name);
            var stages = registry.All.Where(s => only is null || s.Name == only).ToList();
            if (stages.Count == 0)
            {
                Console.Error.WriteLine($"no stage named '{only}'");
                return 1;
            }
            var console = Views.TerminalConsole.ForStandardOutput();
            foreach (var stage in stages) PrintStage(console, stage);
            Console.WriteLine($"{stages.Count} stage{(stages.Count == 1 ? "" : "s")}");
            return 0;
        });
        return command;
    }

    private static void PrintStage(IAnsiConsole console, StageDescriptor stage)
    {
        var flow = stage.Kind switch
        {
            NodeKind.Source => $"source -> {StageDescriptor.TypeName(stage.OutputType)}",
            NodeKind.Sink => $"sink <- {StageDescriptor.TypeName(stage.InputType)}",
            _ => $"{StageDescriptor.TypeName(stage.InputType)}{(stage.SideInputName is null ? "" : $" + {stage.SideInputName}: {StageDescriptor.TypeName(stage.SideInputType)}")} -> {StageDescriptor.TypeName(stage.OutputType)}",
        };
        console.MarkupLine($"[bold]{Markup.Escape(stage.Name)}[/]  [grey]({Markup.Escape(flow)}; {Markup.Escape(stage.Origin)})[/]");
        if (stage.Description.Length > 0) console.MarkupLine($"  {Markup.Escape(stage.Description)}");
        if (stage.Options.Count == 0)
        {
            console.WriteLine("  (no options)");
            console.WriteLine();
            return;
        }
        var table = new Table().Border(TableBorder.Simple).AddColumns("option", "type", "default", "description");
        foreach (var option in stage.Options)
            table.AddRow(Markup.Escape(option.Name), Markup.Escape(option.TypeText), Markup.Escape(option.DefaultText), Markup.Escape(option.Description));
        console.Write(new Padder(table).PadLeft(2).PadTop(0).PadBottom(0));
        console.WriteLine();
    }
}
