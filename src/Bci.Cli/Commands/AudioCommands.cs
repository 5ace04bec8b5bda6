using System.CommandLine;

namespace Bci.Cli.Commands;

/// <summary>The bci verbs of the Audio area.</summary>
public sealed class AudioCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield break;
    }
}
