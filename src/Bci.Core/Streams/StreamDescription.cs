using System.Collections.Immutable;

namespace Bci.Core.Streams;

/// <summary>
/// What a stream is: mirrors LSL's stream info and XDF's stream header so that nothing is lost between live,
/// recorded and replayed data. Immutable; validated at construction.
/// </summary>
public sealed record StreamDescription
{
    /// <summary>Nominal rate of an irregular stream (markers, decoded events).</summary>
    public const double IrregularRate = 0.0;

    public StreamDescription(
        string name,
        string type,
        IEnumerable<ChannelInfo> channels,
        double nominalRate,
        ChannelFormat format = ChannelFormat.Float32,
        string sourceId = "",
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("a stream needs a non-empty name", nameof(name));
        if (double.IsNaN(nominalRate) || double.IsInfinity(nominalRate) || nominalRate < 0)
            throw new ArgumentOutOfRangeException(nameof(nominalRate), nominalRate,
                $"stream '{name}': nominal rate must be a finite number of hertz >= 0 (0 = irregular)");
        if (!Enum.IsDefined(format))
            throw new ArgumentOutOfRangeException(nameof(format), format, $"stream '{name}': unknown channel format");

        Name = name;
        Type = type ?? "";
        Channels = channels?.ToImmutableArray() ?? throw new ArgumentNullException(nameof(channels));
        NominalRate = nominalRate;
        Format = format;
        SourceId = sourceId ?? "";
        Metadata = metadata is null
            ? ImmutableDictionary<string, string>.Empty
            : metadata.ToImmutableDictionary(StringComparer.Ordinal);

        var duplicate = Channels.GroupBy(c => c.Label, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null && Channels.Length > 0 && duplicate.Key.Length > 0)
            throw new ArgumentException($"stream '{name}': channel label '{duplicate.Key}' appears {duplicate.Count()} times", nameof(channels));
    }

    public string Name { get; }
    public string Type { get; }
    public ImmutableArray<ChannelInfo> Channels { get; }
    public int ChannelCount => Channels.Length;

    /// <summary>Samples per second; 0 for an irregular stream.</summary>
    public double NominalRate { get; }

    public bool IsRegular => NominalRate > 0;
    public ChannelFormat Format { get; init; }
    public string SourceId { get; init; }

    /// <summary>Free metadata (LSL's <c>desc</c>, XDF header fields, file headers) as flat key/value pairs.</summary>
    public ImmutableDictionary<string, string> Metadata { get; init; }

    /// <summary>A description with generic labels ("ch1".."chN") for sources that know no labels.</summary>
    public static StreamDescription Unlabelled(string name, string type, int channelCount, double nominalRate,
        ChannelFormat format = ChannelFormat.Float32, string unit = "V") =>
        new(name, type, Enumerable.Range(1, channelCount).Select(i => new ChannelInfo($"ch{i}", type, unit)), nominalRate, format);

    /// <summary>Index of a channel by label (case-insensitive), or -1.</summary>
    public int IndexOf(string label)
    {
        for (var i = 0; i < Channels.Length; i++)
            if (string.Equals(Channels[i].Label, label, StringComparison.OrdinalIgnoreCase))
                return i;
        return -1;
    }

    public StreamDescription WithChannels(IEnumerable<ChannelInfo> channels) =>
        new(Name, Type, channels, NominalRate, Format, SourceId, Metadata);

    public StreamDescription WithRate(double nominalRate) =>
        new(Name, Type, Channels, nominalRate, Format, SourceId, Metadata);

    public StreamDescription WithName(string name, string? type = null) =>
        new(name, type ?? Type, Channels, NominalRate, Format, SourceId, Metadata);

    public bool Equals(StreamDescription? other) =>
        other is not null && Name == other.Name && Type == other.Type && NominalRate.Equals(other.NominalRate)
        && Format == other.Format && SourceId == other.SourceId && Channels.SequenceEqual(other.Channels);

    public override int GetHashCode() => HashCode.Combine(Name, Type, NominalRate, Format, SourceId, Channels.Length);

    public override string ToString() =>
        $"{Name} ({Type}, {ChannelCount} ch, {(IsRegular ? $"{NominalRate:0.###} Hz" : "irregular")}, {Format.ToName()})";
}
