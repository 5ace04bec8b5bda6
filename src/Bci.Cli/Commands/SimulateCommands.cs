using System.CommandLine;
using System.Globalization;
using Bci.Hardware.Profiles;
using Bci.Hardware.Simulation;

namespace Bci.Cli.Commands;

/// <summary>`bci simulate`: a simulated device publishing its signal and cue markers over LSL (part of the Hardware module).</summary>
internal static class SimulateCommands
{
    public static IEnumerable<Command> Create()
    {
        var profile = new Option<string>("--profile") { Description = "Device profile: id (e.g. gtec-gusbamp-16) or path to hardware/X.json", DefaultValueFactory = _ => "openbci-cyton-8" };
        var paradigm = new Option<string>("--paradigm") { Description = "motor-imagery | visual | rest", DefaultValueFactory = _ => "motor-imagery" };
        paradigm.AcceptOnlyFromAmong("motor-imagery", "visual", "rest");
        var duration = new Option<double>("--duration") { Description = "Seconds of signal to publish; 0 = until Ctrl+C", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed publishes the same session", DefaultValueFactory = _ => 1 };
        var name = new Option<string?>("--name") { Description = "Stream name (default: the vendor app's LSL name from the profile)" };
        var chunk = new Option<int>("--chunk") { Description = "Samples per pushed chunk; 0 = about 20 ms", DefaultValueFactory = _ => 0 };
        var erd = new Option<double>("--erd") { Description = "Motor imagery: fractional mu/beta amplitude drop (0..1)", DefaultValueFactory = _ => 0.4 };
        var line = new Option<double>("--line-frequency") { Description = "Mains frequency in Hz (50 or 60)", DefaultValueFactory = _ => 50 };
        var dropouts = new Option<double>("--dropouts") { Description = "Fault: dropouts per minute", DefaultValueFactory = _ => 0 };
        var jitter = new Option<double>("--jitter") { Description = "Fault: timestamp jitter, seconds (standard deviation)", DefaultValueFactory = _ => 0 };
        var disconnectAt = new Option<double>("--disconnect-at") { Description = "Fault: disconnect this many seconds after the start (0 = never)", DefaultValueFactory = _ => 0 };
        var disconnectFor = new Option<double>("--disconnect-for") { Description = "Fault: seconds until the device reconnects", DefaultValueFactory = _ => 2 };
        var drift = new Option<double>("--clock-drift") { Description = "Fault: device clock drift, parts per million", DefaultValueFactory = _ => 0 };
        var command = new Command("simulate", "Publish a simulated device (EEG/MEG plus cue markers) over LSL, as its vendor app would")
        {
            profile, paradigm, duration, seed, name, chunk, erd, line, dropouts, jitter, disconnectAt, disconnectFor, drift,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            DeviceProfile device;
            try
            {
                device = ProfileDirectory.Load(parse.GetValue(profile)!, RepositoryFiles.Root);
            }
            catch (Exception e) when (e is ProfileException or FileNotFoundException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"bci simulate: {e.Message}");
                return 1;
            }
            var settings = new SimulationSettings
            {
                Paradigm = ParseParadigm(parse.GetValue(paradigm)!),
                Seed = parse.GetValue(seed),
                ErdDepth = parse.GetValue(erd),
                LineFrequency = parse.GetValue(line),
                Faults = new FaultSettings
                {
                    DropoutsPerMinute = parse.GetValue(dropouts),
                    Jitter = parse.GetValue(jitter),
                    DisconnectAt = parse.GetValue(disconnectAt),
                    DisconnectFor = parse.GetValue(disconnectFor),
                    ClockDriftPpm = parse.GetValue(drift),
                },
            };
            var problems = settings.Validate().ToList();
            if (problems.Count > 0)
            {
                foreach (var problem in problems) Console.Error.WriteLine($"bci simulate: {problem}");
                return 2;
            }
            return await RunAsync(device, settings, parse.GetValue(name), parse.GetValue(duration), parse.GetValue(chunk), cancellation);
        });
        yield return command;
    }

    public static Paradigm ParseParadigm(string text) => text switch
    {
        "visual" => Paradigm.Visual,
        "rest" => Paradigm.Rest,
        _ => Paradigm.MotorImagery,
    };

    private static async Task<int> RunAsync(DeviceProfile profile, SimulationSettings settings, string? name, double duration, int chunk, CancellationToken cancellation)
    {
        using var device = new SimulatedLslDevice(profile, settings, name) { Log = line => Console.WriteLine(line) };
        var s = device.Stream;
        Console.WriteLine($"publishing '{s.Name}' (type {s.Type}, {s.ChannelCount} ch, {s.NominalRate.ToString(CultureInfo.InvariantCulture)} Hz, {profile.Unit}, source id {s.SourceId}) " +
                          $"and '{device.MarkerStream.Name}' (type Markers): {profile.Name}, {settings.Paradigm}, seed {settings.Seed}" +
                          $"{(duration > 0 ? $", {duration:0.#} s" : ", until Ctrl+C")}");
        var run = device.RunAsync(duration, chunk, cancellation);
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None));
            var d = device.Device;
            Console.WriteLine($"  {d.SamplesGenerated / d.Rate,7:0.0} s: {device.SamplesPushed} samples, {device.MarkersPushed} markers pushed; " +
                              $"{device.Consumers} inlet(s); lost {d.DroppedSamples} (dropouts) + {d.DisconnectedSamples} (disconnected)");
        }
        await run;
        Console.WriteLine($"done: {device.SamplesPushed} samples and {device.MarkersPushed} markers published");
        return 0;
    }
}
