using System.CommandLine;
using Bci.Cli.Commands;

var root = new RootCommand("bci: streaming brain-computer-interface decoding pipelines");
foreach (var module in CommandModules.All)
    foreach (var command in module.CreateCommands())
        root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();
