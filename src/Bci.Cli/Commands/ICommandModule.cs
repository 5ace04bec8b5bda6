using System.CommandLine;

namespace Bci.Cli.Commands;

/// <summary>
/// One area's verbs of the bci command (pipelines, LSL, recording, audio, ...). Each area keeps its verbs in its
/// own module so that the program's entry point only lists modules.
/// </summary>
public interface ICommandModule
{
    IEnumerable<Command> CreateCommands();
}
