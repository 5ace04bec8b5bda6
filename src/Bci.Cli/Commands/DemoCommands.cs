using System.CommandLine;
using Bci.Core.Logging;

namespace Bci.Cli.Commands;

/// <summary>
/// `bci demo`: the README's main command. For now it runs pipelines/demo.yaml (synthetic source through the built-in
/// stages into the stats sink) for a bounded time; the live simulated-headset session replaces it.
/// </summary>
public sealed class DemoCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        var duration = new Option<double>("--duration") { Description = "Seconds to run", DefaultValueFactory = _ => 5 };
        var command = new Command("demo", "Run the demonstration pipeline (pipelines/demo.yaml) for a few seconds and print what it processed") { duration };
        command.SetAction(async (parse, cancellation) =>
        {
            var file = Path.Combine(RepositoryFiles.Root, "pipelines", "demo.yaml");
            return await PipelineCommands.RunPipelineAsync(file, TimeSpan.FromSeconds(parse.GetValue(duration)), new TextWriterLog(Console.Out), cancellation);
        });
        yield return command;
    }
}
