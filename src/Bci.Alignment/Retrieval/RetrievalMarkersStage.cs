using System.Reactive.Linq;
using System.Text.Json.Nodes;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Alignment.Retrieval;

/// <summary>
/// Turns retrieval results into marker events for an LSL marker outlet: either the best item's name, or a JSON
/// object {"event": stimulus, "top": [[name, score], ...]} with every hit.
/// </summary>
[Stage("retrieve.markers", Description = "Retrieval results as markers (best name, or JSON with every hit and score) for lsl.marker-outlet.")]
public sealed class RetrievalMarkersStage : IStage<RetrievalResult, MarkerEvent>, IValidatingStage
{
    [Option("format", Description = "best (the top item's name) or json (every hit with its score).")]
    public string Format { get; init; } = "json";

    [Option("stream", Description = "Marker stream name carried on each event.")]
    public string StreamName { get; init; } = "bci-retrieval";

    public IEnumerable<string> Validate()
    {
        if (Format is not ("best" or "json")) yield return $"format: '{Format}' must be best or json";
    }

    public IObservable<MarkerEvent> Apply(IObservable<RetrievalResult> input, StageContext context) =>
        input.Select(result => new MarkerEvent(Format == "best" ? result.Best?.Name ?? "" : Json(result), result.Timestamp, StreamName));

    internal static string Json(RetrievalResult result) => new JsonObject
    {
        ["event"] = result.Event?.Value,
        ["space"] = result.SpaceId,
        ["top"] = new JsonArray(result.Hits.Select(h => (JsonNode)new JsonArray(h.Name, Math.Round((double)h.Score, 4))).ToArray()),
    }.ToJsonString();
}
