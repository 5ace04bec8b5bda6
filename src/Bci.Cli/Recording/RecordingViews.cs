using System.Globalization;
using Spectre.Console;

namespace Bci.Cli.Recording;

/// <summary>Terminal tables for `bci inspect`.</summary>
internal static class RecordingViews
{
    public static void Print(IAnsiConsole console, RecordingInspection r)
    {
        console.MarkupLine($"[bold]{Markup.Escape(Path.GetFileName(r.File))}[/]  {Markup.Escape(r.Format)}, {r.Bytes:N0} bytes, {r.Streams.Count} stream(s)");
        foreach (var key in new[] { "start_time", "datetime", "patient", "recording", "setname" })
            if (r.Metadata.TryGetValue(key, out var value)) console.MarkupLine($"  {key}: {Markup.Escape(value)}");

        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("stream", "type", "ch", "rate (Hz)", "samples", "first (s)", "last (s)", "duration (s)", "clock");
        foreach (var s in r.Streams)
        {
            var rate = s.NominalRate == 0 ? "irregular"
                : s.NominalRate.ToString("0.###", CultureInfo.InvariantCulture) + (Math.Abs(s.EffectiveRate - s.NominalRate) > 1e-3 * s.NominalRate && s.Samples > 1
                    ? $" ({s.EffectiveRate.ToString("0.##", CultureInfo.InvariantCulture)})" : "");
            var clock = s.ClockOffsets == 0 ? "-" : $"{s.ClockOffsets}{(s.ClockResets > 0 ? $", {s.ClockResets} reset" : "")}";
            table.AddRow(
                Markup.Escape(s.StreamId is null ? s.Name : $"{s.Name} [{s.StreamId}]"), Markup.Escape($"{s.Type} {s.Format}"), s.Channels.ToString(CultureInfo.InvariantCulture),
                rate, s.Samples.ToString("N0", CultureInfo.InvariantCulture), RecordingInspection.Seconds(s.FirstTimestamp), RecordingInspection.Seconds(s.LastTimestamp),
                s.Duration.ToString("0.000", CultureInfo.InvariantCulture), clock);
        }
        console.Write(table);

        console.MarkupLine("rate: nominal (effective, when they differ); clock: ClockOffset chunks (and clock resets)");
        foreach (var s in r.Streams)
        {
            if (s.ClockOffsets > 0)
                console.MarkupLine($"[bold]{Markup.Escape(s.Name)}[/] clock offset {s.FirstClockOffset:0.######} s .. {s.LastClockOffset:0.######} s over {s.ClockOffsets} measurements");
            if (s.Kind == "signal" && s.Labels.Count > 0)
            {
                var shown = string.Join(", ", s.Labels.Take(24)) + (s.Labels.Count > 24 ? $", ... ({s.Labels.Count} in all)" : "");
                console.MarkupLine($"[bold]{Markup.Escape(s.Name)}[/] channels ({Markup.Escape(string.Join("/", s.Units.Where(u => u.Length > 0).DefaultIfEmpty("no unit")))}): {Markup.Escape(shown)}");
            }
            if (s.MarkerCounts is { Count: > 0 } counts)
            {
                var shown = string.Join(", ", counts.Take(12).Select(kv => $"{Shorten(kv.Key)} x{kv.Value}")) + (counts.Count > 12 ? $", ... ({counts.Count} distinct)" : "");
                console.MarkupLine($"[bold]{Markup.Escape(s.Name)}[/] events: {Markup.Escape(shown)}");
            }
        }
        if (r.Problems.Count == 0) console.MarkupLine("[green]no problems found[/]");
        foreach (var p in r.Problems) console.MarkupLine($"[yellow]problem:[/] {Markup.Escape(p)}");
    }

    private static string Shorten(string value)
    {
        var one = value.Replace('\n', ' ').Replace('\r', ' ');
        return one.Length > 40 ? "'" + one[..37] + "...'" : "'" + one + "'";
    }
}
