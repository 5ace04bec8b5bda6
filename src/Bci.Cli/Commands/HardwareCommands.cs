using System.CommandLine;
using System.Globalization;
using Bci.Hardware.Profiles;
using Spectre.Console;

namespace Bci.Cli.Commands;

/// <summary>The bci verbs of the Hardware area: device profiles (list, show, validate) and the simulated devices.</summary>
public sealed class HardwareCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        var hardware = new Command("hardware", "Device profiles (hardware/*.json): list them, show one, validate files");
        hardware.Subcommands.Add(ListCommand());
        hardware.Subcommands.Add(ShowCommand());
        hardware.Subcommands.Add(ValidateCommand());
        yield return hardware;
        foreach (var command in SimulateCommands.Create()) yield return command;
    }

    internal static IAnsiConsole Console() => Views.TerminalConsole.ForStandardOutput();

    private static string Hz(double rate) => rate.ToString("0.###", CultureInfo.InvariantCulture);

    private static Command ListCommand()
    {
        var command = new Command("list", "List the device profiles of hardware/ with channels, rate and LSL naming");
        command.SetAction(_ =>
        {
            var files = ProfileDirectory.All(RepositoryFiles.Root);
            if (files.Count == 0)
            {
                System.Console.Error.WriteLine($"no hardware/ folder with profiles found above {Environment.CurrentDirectory}");
                return 1;
            }
            var table = new Table().Border(TableBorder.Simple).AddColumns("id", "device", "channels", "rate", "LSL name / type");
            var failed = 0;
            foreach (var file in files)
            {
                try
                {
                    var p = DeviceProfileReader.Load(file);
                    var types = string.Join(" + ", p.Channels.GroupBy(c => c.Type).Select(g => $"{g.Count()} {g.Key}"));
                    table.AddRow(Markup.Escape(p.Id), Markup.Escape(p.Name), Markup.Escape(types), $"{Hz(p.NominalRate)} Hz", Markup.Escape($"{p.Lsl.Name} / {p.Lsl.Type}"));
                }
                catch (ProfileException e)
                {
                    failed++;
                    table.AddRow(Markup.Escape(Path.GetFileNameWithoutExtension(file)), $"[red]invalid: {Markup.Escape(e.Problems[0].Message)}[/]", "", "", "");
                }
            }
            var console = Console();
            console.Write(table);
            console.WriteLine($"{files.Count} profiles in {Path.GetRelativePath(Environment.CurrentDirectory, Path.GetDirectoryName(files[0])!)}{(failed > 0 ? $", {failed} invalid (bci hardware validate)" : "")}");
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command ShowCommand()
    {
        var profile = new Argument<string>("profile") { Description = "Profile id (e.g. openbci-cyton-8) or path to a .json file" };
        var command = new Command("show", "Show one profile: rates, units, LSL naming, every channel with type and position") { profile };
        command.SetAction(parse =>
        {
            DeviceProfile p;
            try
            {
                p = ProfileDirectory.Load(parse.GetValue(profile)!, RepositoryFiles.Root);
            }
            catch (Exception e) when (e is ProfileException or FileNotFoundException or DirectoryNotFoundException)
            {
                System.Console.Error.WriteLine(e.Message);
                return 1;
            }
            var console = Console();
            console.MarkupLine($"[bold]{Markup.Escape(p.Name)}[/] ({Markup.Escape(p.Id)}, {Markup.Escape(p.Vendor)}, {p.Modality})");
            console.WriteLine($"  rate        {Hz(p.NominalRate)} Hz (supported: {string.Join(", ", p.SupportedRates.Select(Hz))} Hz)");
            console.WriteLine($"  values      {p.Format.ToString().ToLowerInvariant()} in {p.Unit} (x {p.ScaleToSi.ToString("G3", CultureInfo.InvariantCulture)} to SI); reference {p.Reference}");
            console.WriteLine($"  LSL         name '{p.Lsl.Name}', type '{p.Lsl.Type}' ({p.Lsl.App})");
            if (p.Lsl.Notes.Length > 0) console.WriteLine($"              {p.Lsl.Notes}");
            console.WriteLine($"  positions   {p.Positions.Frame} ({p.Positions.Unit}); {p.Positions.Source}");
            var table = new Table().Border(TableBorder.Simple).AddColumns("#", "label", "device label", "type", "unit", "position");
            for (var i = 0; i < p.Channels.Count; i++)
            {
                var c = p.Channels[i];
                var position = c.Position is null ? "" : string.Join(", ", c.Position.Select(x => x.ToString(p.Positions.Frame == PositionFrame.Head ? "0.000" : "0.0", CultureInfo.InvariantCulture)));
                table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(c.Label), Markup.Escape(c.OriginalLabel ?? ""), c.Type, Markup.Escape(c.Unit), position);
            }
            console.Write(table);
            console.WriteLine($"{p.ChannelCount} channels");
            return 0;
        });
        return command;
    }

    private static Command ValidateCommand()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Profile files; default: every hardware/*.json", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("validate", "Validate profile files against hardware/profile.schema.json and the profile rules; exit code 0 when all are valid") { files };
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(files) is { Length: > 0 } given ? given.Select(f => f.FullName).ToList() : ProfileDirectory.All(RepositoryFiles.Root).ToList();
            if (paths.Count == 0)
            {
                System.Console.Error.WriteLine("no profile files given and no hardware/ folder found");
                return 1;
            }
            var invalid = 0;
            foreach (var path in paths)
            {
                var shown = Path.GetRelativePath(Environment.CurrentDirectory, path);
                var problems = DeviceProfileReader.Validate(path);
                if (problems.Count == 0)
                {
                    System.Console.WriteLine($"{shown}: ok");
                    continue;
                }
                invalid++;
                foreach (var problem in problems) System.Console.Error.WriteLine(problem with { File = shown });
            }
            System.Console.WriteLine($"{paths.Count - invalid} of {paths.Count} profiles valid");
            return invalid == 0 ? 0 : 1;
        });
        return command;
    }
}
