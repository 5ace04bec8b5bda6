using System.CommandLine;

namespace Bci.Cli.Commands;

/// <summary>The bci verbs of the Dsp area.</summary>
public sealed class DspCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield break;
    }
}
