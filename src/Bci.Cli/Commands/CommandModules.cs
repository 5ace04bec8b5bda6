namespace Bci.Cli.Commands;

/// <summary>Every area's verbs; the root command is built from these.</summary>
public static class CommandModules
{
    public static IReadOnlyList<ICommandModule> All { get; } =
    [
        new DemoCommands(),
        new PipelineCommands(),
        new LslCommands(),
        new RecordingCommands(),
        new DspCommands(),
        new DecodingCommands(),
        new AlignmentCommands(),
        new HardwareCommands(),
        new AudioCommands(),
        new BenchCommands(),
    ];
}
