using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Bci.Cli.Views;

/// <summary>
/// The live view of `bci demo`: on a terminal, a table refreshed four times a second (stream health, lag, dropped
/// samples, running accuracy of each decoder against the cues, the last class probabilities, the latest trials);
/// without one (output or input redirected, CI=true, TERM=dumb) plain lines instead: one per decoded trial and a
/// health line every few seconds, so logs stay readable.
/// </summary>
public static class DemoLiveView
{
    /// <summary>True when a live, redrawn view makes sense: a terminal on both ends and not a CI run.</summary>
    public static bool Interactive =>
        !Console.IsOutputRedirected && !Console.IsInputRedirected
        && !IsSet(Environment.GetEnvironmentVariable("CI"))
        && Environment.GetEnvironmentVariable("TERM") is not "dumb";

    private static bool IsSet(string? value) => value is not null && value.Trim().ToLowerInvariant() is "1" or "true" or "yes";

    public static async Task ShowUntilDoneAsync(Func<DemoSnapshot> snapshot, Task done, IAnsiConsole console)
    {
        await console.Live(Render(snapshot())).AutoClear(false).StartAsync(async live =>
        {
            while (!done.IsCompleted)
            {
                await Task.WhenAny(done, Task.Delay(250));
                live.UpdateTarget(Render(snapshot()));
            }
        });
    }

    public static async Task PrintUntilDoneAsync(Func<DemoSnapshot> snapshot, Task done, TextWriter output, TimeSpan every)
    {
        var printed = 0;
        var lastHealth = 0.0;
        while (true)
        {
            var finished = done.IsCompleted;
            var s = snapshot();
            foreach (var trial in s.RecentTrials.Where(t => t.Number > printed))
            {
                if (!finished && trial.Predicted.Any(p => p is null)) break; // wait for every decoder's answer
                output.WriteLine(TrialLine(s, trial));
                printed = trial.Number;
            }
            if (finished) break;
            if (s.Elapsed - lastHealth >= every.TotalSeconds)
            {
                output.WriteLine(HealthLine(s));
                lastHealth = s.Elapsed;
            }
            await Task.WhenAny(done, Task.Delay(200));
        }
    }

    public static string HealthLine(DemoSnapshot s)
    {
        var accuracy = string.Join(", ", s.Decoders.Select((d, i) => $"{d} {s.Correct[i]}/{s.Trials[i]}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"  [{s.Elapsed,5:0} s / {s.Duration:0} s] {s.Stream}: {s.Samples} samples, lag {s.LagMs:0} ms, dropped {s.DroppedSamples}, gaps {s.Gaps}, " +
            $"reconnects {s.Reconnects}; {s.Cues} cues, {s.Epochs} epochs; correct: {accuracy}");
    }

    public static string TrialLine(DemoSnapshot s, DemoTrial t)
    {
        var answers = s.Decoders.Select((d, i) => t.Predicted[i] is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"{d} {p} ({t.Probability[i]:0.00}{(p == t.Cue ? ", right" : ", wrong")}, {t.LatencyMs[i]:0} ms)")
            : $"{d} -");
        return $"  trial {t.Number,3}: cue {t.Cue} -> {string.Join("; ", answers)}";
    }

    private static IRenderable Render(DemoSnapshot s)
    {
        var health = new Markup(string.Create(CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(s.Stream)}[/] {s.SampleRate:0} Hz  samples [bold]{s.Samples}[/]  lag [bold]{s.LagMs:0}[/] ms  " +
            $"dropped {Flag(s.DroppedSamples)}  gaps {Flag(s.Gaps)}  reconnects {Flag(s.Reconnects)}  cues {s.Cues}  epochs {s.Epochs}"));

        var decoders = new Table().Border(TableBorder.Simple).AddColumns("decoder", "accuracy");
        foreach (var c in s.Classes) decoders.AddColumn($"P({Markup.Escape(c)})");
        decoders.AddColumns("latency", "drops");
        for (var i = 0; i < s.Decoders.Count; i++)
        {
            var row = new List<IRenderable>
            {
                new Markup($"[bold]{Markup.Escape(s.Decoders[i])}[/]"),
                new Markup(s.Trials[i] == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"[bold]{100.0 * s.Correct[i] / s.Trials[i]:0}%[/] {s.Correct[i]}/{s.Trials[i]}")),
            };
            for (var k = 0; k < s.Classes.Count; k++)
                row.Add(new Markup(s.LastProbabilities[i].Count > k ? Bar(s.LastProbabilities[i][k]) : "-"));
            row.Add(new Text(double.IsFinite(s.LatencyP50Ms[i]) ? string.Create(CultureInfo.InvariantCulture, $"{s.LatencyP50Ms[i]:0} ms") : "-"));
            row.Add(new Markup(Flag(s.DroppedWindows[i])));
            decoders.AddRow(row);
        }

        var trials = new Table().Border(TableBorder.Simple).AddColumns("trial", "cue");
        foreach (var d in s.Decoders) trials.AddColumn(Markup.Escape(d));
        foreach (var t in s.RecentTrials.TakeLast(6))
        {
            var row = new List<IRenderable> { new Text(t.Number.ToString(CultureInfo.InvariantCulture)), new Text(t.Cue) };
            for (var i = 0; i < s.Decoders.Count; i++)
                row.Add(new Markup(t.Predicted[i] is { } p
                    ? string.Create(CultureInfo.InvariantCulture, $"{(p == t.Cue ? "[green]" : "[red]")}{Markup.Escape(p)}[/] {t.Probability[i]:0.00} {t.LatencyMs[i]:0} ms")
                    : "[grey]...[/]"));
            trials.AddRow(row);
        }

        var progress = s.Duration > 0 ? Math.Clamp(s.Elapsed / s.Duration, 0, 1) : 0;
        var footer = new Markup(string.Create(CultureInfo.InvariantCulture,
            $"[grey]{new string('#', (int)(20 * progress)).PadRight(20, '.')} {s.Elapsed:0}/{s.Duration:0} s  recording {Markup.Escape(s.Recording)}[/]"));
        return new Panel(new Rows(health, decoders, trials, footer))
            .Header($"[bold]{Markup.Escape(s.Title)}[/] [grey](Ctrl+C stops; the recording is kept)[/]").Border(BoxBorder.Rounded);
    }

    private static string Flag(long count) => count > 0 ? $"[yellow]{count}[/]" : "0";

    private static string Bar(double p)
    {
        var filled = (int)Math.Round(Math.Clamp(p, 0, 1) * 6);
        return string.Create(CultureInfo.InvariantCulture, $"[blue]{new string('█', filled)}[/][grey]{new string('░', 6 - filled)}[/] {p:0.00}");
    }
}
