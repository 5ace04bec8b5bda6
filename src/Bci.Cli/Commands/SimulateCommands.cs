using System.CommandLine;

namespace Bci.Cli.Commands;

/// <summary>`bci simulate`: a simulated device publishing over LSL (part of the Hardware module).</summary>
internal static class SimulateCommands
{
    public static IEnumerable<Command> Create()
    {
        yield break;
    }
}
