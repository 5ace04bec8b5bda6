using System.CommandLine;
using System.Runtime.InteropServices;
using Bci.Cli.Commands;

var root = new RootCommand("bci: streaming brain-computer-interface decoding pipelines");
foreach (var module in CommandModules.All)
    foreach (var command in module.CreateCommands())
        root.Subcommands.Add(command);

// Ctrl+C (SIGINT) or SIGTERM: the first asks the running command to stop (pipelines complete their sources and
// sinks flush); a second one ends the process at once.
// A process started from a non-interactive background job has SIGINT ignored by inheritance and keeps it so
// (the Unix rule); SIGTERM stops it the same way.
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    if (stop.IsCancellationRequested) return; // second signal: let the default handling terminate the process
    context.Cancel = true;
    Console.Error.WriteLine("bci: stopping (sinks are flushing; press Ctrl+C again to abort)");
    stop.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token);
