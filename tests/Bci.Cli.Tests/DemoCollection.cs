namespace Bci.Cli.Tests;

/// <summary>
/// The demo tests run a whole session (device, training, live decoding) in a separate process: they run alone, after
/// the other test classes, so that two sessions never compete for a small machine's cores within their timeouts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DemoCollection
{
    public const string Name = "bci demo sessions";
}
