using System.Globalization;
using System.Xml.Linq;
using Bci.Core.Streams;

namespace Bci.Recording.Xdf;

/// <summary>
/// A stream header chunk's info XML turned into the model's description: name, type, channels (labels, units
/// and types from desc/channels), rate, format, source id, and every other field flattened into metadata
/// ("hostname", "desc.manufacturer", ...). The original XML is kept too, so nothing is lost on a rewrite.
/// </summary>
internal sealed class XdfStreamHeader
{
    public const string InfoXmlKey = "xdf.info_xml";
    public const string StreamIdKey = "xdf.stream_id";

    public required uint StreamId { get; init; }
    public required StreamDescription Description { get; init; }
    public required int ChannelCount { get; init; }
    public required ChannelFormat WireFormat { get; init; }
    public required double NominalRate { get; init; }

    /// <summary>Per-channel factor from the file's unit to the model's (1e-6 for microvolts); null when all are 1.</summary>
    public required double[]? Scale { get; init; }

    public required bool CanDropSamples { get; init; }

    public static XdfStreamHeader Parse(string path, long offset, uint streamId, string xml, bool convertToVolts)
    {
        XElement info;
        try
        {
            info = XDocument.Parse(xml).Root ?? throw new FormatException("empty document");
        }
        catch (Exception e) when (e is System.Xml.XmlException or FormatException)
        {
            throw new RecordingFormatException(path, offset, $"stream header of stream {streamId} is not valid XML: {e.Message}", e);
        }
        string Field(string name) => info.Element(name)?.Value.Trim() ?? "";

        if (!int.TryParse(Field("channel_count"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var channelCount) || channelCount < 0 || channelCount > 1_000_000)
            throw new RecordingFormatException(path, offset, $"stream {streamId}: channel_count '{Field("channel_count")}' is not a channel count");
        if (!double.TryParse(Field("nominal_srate"), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !double.IsFinite(rate) || rate < 0)
            throw new RecordingFormatException(path, offset, $"stream {streamId}: nominal_srate '{Field("nominal_srate")}' is not a rate");
        if (!ChannelFormatNames.TryParse(Field("channel_format"), out var format))
            throw new RecordingFormatException(path, offset, $"stream {streamId}: channel_format '{Field("channel_format")}' is not one of XDF's formats");

        var name = Field("name");
        if (name.Length == 0) name = $"stream {streamId}";
        var type = Field("type");

        var channelElements = info.Element("desc")?.Element("channels")?.Elements("channel").ToList() ?? [];
        var rawLabels = new List<string>(channelCount);
        var units = new List<string>(channelCount);
        var types = new List<string>(channelCount);
        for (var i = 0; i < channelCount; i++)
        {
            var element = i < channelElements.Count ? channelElements[i] : null;
            rawLabels.Add(element?.Element("label")?.Value.Trim() is { Length: > 0 } l ? l : $"ch{i + 1}");
            units.Add(element?.Element("unit")?.Value.Trim() ?? "");
            types.Add(element?.Element("type")?.Value.Trim() is { Length: > 0 } t ? t : type);
        }
        var labels = ChannelLabels.NormalizeAll(rawLabels);
        var scale = new double[channelCount];
        var channels = new List<ChannelInfo>(channelCount);
        for (var i = 0; i < channelCount; i++)
        {
            var (factor, unit) = convertToVolts && format != ChannelFormat.String ? PhysicalUnits.ToModel(units[i]) : (1.0, units[i]);
            scale[i] = factor;
            channels.Add(new ChannelInfo(labels[i], types[i], unit, rawLabels[i]));
        }
        var scaled = scale.Any(f => f != 1.0);

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [InfoXmlKey] = xml,
            [StreamIdKey] = streamId.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var element in info.Elements())
        {
            if (element.Name.LocalName == "desc") Flatten(element, "desc", metadata);
            else if (!element.HasElements && element.Name.LocalName is not ("name" or "type" or "channel_count" or "nominal_srate" or "channel_format" or "source_id"))
                metadata[element.Name.LocalName] = element.Value.Trim();
        }

        // Integer samples scaled to volts are no longer integers: describe them as double64.
        var modelFormat = scaled && format is not (ChannelFormat.Float32 or ChannelFormat.Double64) ? ChannelFormat.Double64 : format;
        var description = new StreamDescription(name, type, channels, rate, modelFormat, Field("source_id"), metadata);
        var canDrop = string.Equals(info.Element("desc")?.Element("synchronization")?.Element("can_drop_samples")?.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        return new XdfStreamHeader
        {
            StreamId = streamId,
            Description = description,
            ChannelCount = channelCount,
            WireFormat = format,
            NominalRate = rate,
            Scale = scaled ? scale : null,
            CanDropSamples = canDrop,
        };
    }

    /// <summary>desc's tree as "desc.a.b" keys; repeated siblings get an index ("desc.a.b[1]"); channels are kept in the channel list.</summary>
    private static void Flatten(XElement element, string prefix, Dictionary<string, string> into)
    {
        var groups = element.Elements().GroupBy(e => e.Name.LocalName);
        foreach (var group in groups)
        {
            if (prefix == "desc" && group.Key == "channels") continue;
            var items = group.ToList();
            for (var i = 0; i < items.Count; i++)
            {
                var key = items.Count == 1 ? $"{prefix}.{group.Key}" : $"{prefix}.{group.Key}[{i}]";
                if (items[i].HasElements) Flatten(items[i], key, into);
                else into[key] = items[i].Value.Trim();
            }
        }
    }
}
