using System.CommandLine;

namespace Bci.Cli.Commands;

/// <summary>run, validate, stages: the verbs that work on pipeline files.</summary>
public sealed class PipelineCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield break;
    }
}
