using System.CommandLine;

namespace Bci.Cli.Commands;

/// <summary>The bci verbs of the Lsl area.</summary>
public sealed class LslCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield break;
    }
}
