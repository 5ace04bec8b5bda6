using System.CommandLine;

namespace Bci.Cli.Commands;

/// <summary>The bci verbs of the Hardware area.</summary>
public sealed class HardwareCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield break;
    }
}
