using System.CommandLine;
using Bci.Core.Logging;

namespace Bci.Cli.Commands;

/// <summary>
/// `bci demo`: the README's main command. It runs pipelines/demo.yaml for a bounded time: a simulated 16-channel
/// headset whose simulated user imagines cued hand movements, checked against its device profile and band-passed
/// to mu/beta, with per-channel statistics and the cues printed.
/// </summary>
public sealed class DemoCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        var duration = new Option<double>("--duration") { Description = "Seconds to run", DefaultValueFactory = _ => 5 };
        var command = new Command("demo", "Run the demonstration session (pipelines/demo.yaml: simulated motor-imagery headset, device check, mu/beta band-pass) and print what it processed") { duration };
        command.SetAction(async (parse, cancellation) =>
        {
            var file = Path.Combine(RepositoryFiles.Root, "pipelines", "demo.yaml");
            var started = DateTime.UtcNow.AddSeconds(-1);
            var code = await PipelineCommands.RunPipelineAsync(file, TimeSpan.FromSeconds(parse.GetValue(duration)), new TextWriterLog(Console.Out), cancellation);
            var recordings = Path.Combine(RepositoryFiles.Root, "recordings");
            var session = Directory.Exists(recordings)
                ? new DirectoryInfo(recordings).GetFiles("demo-*.xdf").Where(f => f.LastWriteTimeUtc >= started).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()
                : null;
            if (code == 0 && session is not null)
                Console.WriteLine($"session recorded to {Path.GetRelativePath(Environment.CurrentDirectory, session.FullName)}; replay it with: ./bci replay {Path.GetRelativePath(RepositoryFiles.Root, session.FullName)}");
            return code;
        });
        yield return command;
    }
}
