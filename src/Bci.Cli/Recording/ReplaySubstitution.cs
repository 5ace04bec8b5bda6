using Bci.Lsl.Stages;
using Bci.Pipelines;
using Bci.Pipelines.Registry;
using Bci.Recording;
using Bci.Recording.Stages;

namespace Bci.Cli.Recording;

/// <summary>
/// `bci run PIPELINE --replay FILE`: the same pipeline on a recording. Every live `lsl.inlet` source becomes a
/// `replay` source and every `lsl.markers-inlet` a `replay.markers` source of the file's stream that the inlet
/// would have resolved (by name, else type, else source id), keeping the node's id, so the stages and sinks
/// downstream are untouched. A pipeline that needs a stream the file lacks fails before anything runs, naming
/// the inlet, what it looks for, and the streams the file has.
/// </summary>
internal static class ReplaySubstitution
{
    public static Pipeline Apply(Pipeline pipeline, Bci.Recording.Recording recording, ReplayPace pace, double speed)
    {
        var problems = new List<string>();
        var nodes = new List<PipelineNode>();
        var replaced = 0;
        foreach (var node in pipeline.Nodes)
        {
            var replacement = node.Instance switch
            {
                LslInletSource inlet => Replace(node, pipeline.Registry, "replay", Find(recording, RecordedStreamKind.Signal, inlet.Name, inlet.Type, inlet.SourceId, inlet.Query, node, problems),
                    stream => new ReplaySource { File = recording.Path, Stream = stream.Name, Pace = pace, Speed = speed }),
                LslMarkersInletSource inlet => Replace(node, pipeline.Registry, "replay.markers", Find(recording, RecordedStreamKind.Markers, inlet.Name, inlet.Type, inlet.SourceId, inlet.Query, node, problems),
                    stream => new ReplayMarkersSource { File = recording.Path, Stream = stream.Name, Pace = pace, Speed = speed }),
                _ => null,
            };
            if (replacement is not null) replaced++;
            nodes.Add(replacement ?? node);
        }
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        if (replaced == 0)
            throw new InvalidOperationException($"{pipeline.Name}: no lsl.inlet or lsl.markers-inlet source to replace with the recording (its sources: {string.Join(", ", pipeline.Sources.Select(s => $"'{s.Id}' ({s.Stage.Name})"))})");
        return new Pipeline(pipeline.Name, pipeline.File, pipeline.BaseDirectory, nodes, pipeline.Registry);
    }

    private static PipelineNode? Replace(PipelineNode node, StageRegistry registry, string stage, RecordedStream? stream, Func<RecordedStream, object> create)
    {
        if (stream is null) return null;
        if (!registry.TryGet(stage, out var descriptor)) throw new InvalidOperationException($"the '{stage}' stage is not registered");
        return node with { Spec = node.Spec with { Uses = stage }, Stage = descriptor, Instance = create(stream) };
    }

    /// <summary>The stream of the kind the inlet reads that its name/type/source-id select; null (and a problem) when there is none.</summary>
    private static RecordedStream? Find(Bci.Recording.Recording recording, RecordedStreamKind kind, string name, string type, string sourceId, string query,
        PipelineNode node, List<string> problems)
    {
        var candidates = recording.Streams.Where(s => s.Kind == kind).ToList();
        var wanted = string.Join(", ", new[] { ("name", name), ("type", type), ("source-id", sourceId) }.Where(p => p.Item2.Length > 0).Select(p => $"{p.Item1} '{p.Item2}'"));
        if (wanted.Length == 0)
        {
            problems.Add($"'{node.Id}' ({node.Stage.Name}) selects its stream by query \"{query}\" only; --replay matches streams by name, type or source-id: add one of them");
            return null;
        }
        var match = candidates.FirstOrDefault(s => Matches(s, name, type, sourceId));
        if (match is null)
        {
            var has = recording.Streams.Length == 0 ? "no streams"
                : string.Join(", ", recording.Streams.Select(s => $"'{s.Name}' ({s.Description.Type}, {(s.Kind == RecordedStreamKind.Signal ? "signal" : "markers")})"));
            problems.Add($"{Path.GetFileName(recording.Path)} has no {(kind == RecordedStreamKind.Signal ? "signal" : "marker")} stream for '{node.Id}' ({node.Stage.Name}: {wanted}); the file has {has}");
        }
        return match;
    }

    private static bool Matches(RecordedStream stream, string name, string type, string sourceId) =>
        (name.Length == 0 || string.Equals(stream.Name, name, StringComparison.Ordinal))
        && (type.Length == 0 || string.Equals(stream.Description.Type, type, StringComparison.OrdinalIgnoreCase))
        && (sourceId.Length == 0 || string.Equals(stream.Description.SourceId, sourceId, StringComparison.Ordinal));
}
