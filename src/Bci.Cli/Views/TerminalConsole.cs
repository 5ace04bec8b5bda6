using Spectre.Console;

namespace Bci.Cli.Views;

/// <summary>
/// The console bci's tables and messages go to: the terminal's own when standard output is one; otherwise plain
/// text (no ANSI codes, 160 columns) so logs and redirected output stay readable. Spectre alone keeps ANSI codes on
/// when it detects a CI environment, even with the output redirected to a file.
/// </summary>
internal static class TerminalConsole
{
    public static IAnsiConsole ForStandardOutput()
    {
        if (!Console.IsOutputRedirected) return AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = 160;
        return console;
    }
}
