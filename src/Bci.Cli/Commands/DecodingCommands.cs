using System.CommandLine;

namespace Bci.Cli.Commands;

/// <summary>The bci verbs of the Decoding area.</summary>
public sealed class DecodingCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield break;
    }
}
