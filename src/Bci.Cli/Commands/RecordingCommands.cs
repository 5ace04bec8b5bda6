using System.CommandLine;

namespace Bci.Cli.Commands;

/// <summary>The bci verbs of the Recording area.</summary>
public sealed class RecordingCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield break;
    }
}
