using System.Globalization;
using Bci.Pipelines;
using Bci.Pipelines.Running;
using Spectre.Console;

namespace Bci.Cli.Views;

/// <summary>
/// A live terminal table of every node's health while a pipeline runs: items and their rate, drops, queue depth
/// and the node's own counters (samples, lag, rejected windows, reconnects, ...). Refreshes four times a second.
/// </summary>
public static class LiveHealthView
{
    public static async Task ShowUntilDoneAsync(Pipeline pipeline, RunHandle run, IAnsiConsole console)
    {
        var previous = new Dictionary<string, long>(StringComparer.Ordinal);
        var lastTick = DateTime.UtcNow;
        await console.Live(Render(pipeline, run, previous, 0)).AutoClear(false).StartAsync(async live =>
        {
            while (!run.Completion.IsCompleted)
            {
                await Task.WhenAny(run.Completion, Task.Delay(250));
                var now = DateTime.UtcNow;
                live.UpdateTarget(Render(pipeline, run, previous, (now - lastTick).TotalSeconds));
                lastTick = now;
            }
        });
    }

    private static Table Render(Pipeline pipeline, RunHandle run, Dictionary<string, long> previous, double seconds)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(pipeline.Name)}[/]  [grey](Ctrl+C stops, sinks flush)[/]")
            .AddColumns("node", "stage", "items", "items/s", "dropped", "queue (max)", "other");
        foreach (var node in pipeline.Nodes)
        {
            var health = run.Health[node.Id];
            var items = health["items"];
            previous.TryGetValue(node.Id, out var before);
            previous[node.Id] = items;
            var rate = seconds > 0 ? (items - before) / seconds : 0;
            var dropped = health["dropped"];
            var queue = health.Counter("queue");
            var others = health.All.Where(c => c.Name is not ("items" or "dropped" or "queue")).Select(c => c.ToString());
            table.AddRow(
                Markup.Escape(node.Id),
                Markup.Escape(node.Stage.Name),
                items.ToString(CultureInfo.InvariantCulture),
                rate.ToString("0.0", CultureInfo.InvariantCulture),
                dropped > 0 ? $"[yellow]{dropped}[/]" : "0",
                node.Overload.Mode == Bci.Core.Overload.OverloadMode.Inline ? "-" : $"{queue.Value} ({queue.Max}) / {node.Overload.Capacity}",
                Markup.Escape(string.Join(", ", others)));
        }
        return table;
    }
}
