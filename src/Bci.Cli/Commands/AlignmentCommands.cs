using System.CommandLine;

namespace Bci.Cli.Commands;

/// <summary>The bci verbs of the Alignment area.</summary>
public sealed class AlignmentCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield break;
    }
}
