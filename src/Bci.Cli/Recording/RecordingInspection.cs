using System.Globalization;
using Bci.Recording;

namespace Bci.Cli.Recording;

/// <summary>What `bci inspect` reports about a recording: one plain data object, printed as tables or as JSON.</summary>
public sealed record RecordingInspection(
    string File, string Format, long Bytes, IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<RecordingInspection.StreamFacts> Streams, IReadOnlyList<string> Problems)
{
    public sealed record StreamFacts(
        string Name, string Type, string Kind, int Channels, string Format, double NominalRate, double EffectiveRate,
        long Samples, double? FirstTimestamp, double? LastTimestamp, double Duration, IReadOnlyList<string> Labels,
        IReadOnlyList<string> Units, int ClockOffsets, double? FirstClockOffset, double? LastClockOffset, int ClockResets,
        IReadOnlyDictionary<string, int>? MarkerCounts, string? StreamId);

    public static RecordingInspection Of(Bci.Recording.Recording recording, CancellationToken cancellationToken = default)
    {
        var streams = recording.Streams.Select(s =>
        {
            Dictionary<string, int>? counts = null;
            if (s.Kind == RecordedStreamKind.Markers || (!s.Description.IsRegular && s.Description.ChannelCount == 1 && s.SampleCount < 1_000_000))
                counts = s.ReadMarkers(cancellationToken).GroupBy(m => m.Value).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count());
            return new StreamFacts(
                s.Name, s.Description.Type, s.Kind.ToString().ToLowerInvariant(), s.Description.ChannelCount, s.Description.Format.ToString().ToLowerInvariant(),
                s.Description.NominalRate, s.EffectiveRate, s.SampleCount,
                s.SampleCount > 0 ? s.FirstTimestamp : null, s.SampleCount > 0 ? s.LastTimestamp : null, s.Duration,
                s.Description.Channels.Select(c => c.OriginalLabel is { } o && o != c.Label ? $"{c.Label} ({o})" : c.Label).ToList(),
                s.Description.Channels.Select(c => c.Unit).Distinct().ToList(),
                s.ClockOffsets.Count, s.ClockOffsets.Count > 0 ? s.ClockOffsets[0].Value : null, s.ClockOffsets.Count > 0 ? s.ClockOffsets[^1].Value : null,
                s.ClockResets, counts,
                s.Description.Metadata.TryGetValue("xdf.stream_id", out var id) ? id : null);
        }).ToList();
        var metadata = recording.Metadata.Where(kv => kv.Value.Length > 0).ToDictionary(kv => kv.Key, kv => kv.Value);
        return new RecordingInspection(recording.Path, recording.Format.ToString(), new FileInfo(recording.Path).Length, metadata, streams,
            recording.Problems.Select(p => p.ToString()).ToList());
    }

    public static string Seconds(double? t) => t is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
