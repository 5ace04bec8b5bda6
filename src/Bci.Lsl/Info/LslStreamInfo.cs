using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Bci.Core.Streams;

namespace Bci.Lsl.Info;

/// <summary>
/// LSL's stream info: the fields of the &lt;info&gt; document liblsl exchanges (shortinfo without desc in
/// discovery replies, fullinfo with desc over TCP), written in liblsl's field order and read leniently.
/// </summary>
public sealed class LslStreamInfo
{
    public LslStreamInfo(string name, string type, int channelCount, double nominalRate, ChannelFormat format, string sourceId = "")
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("an LSL stream needs a non-empty name", nameof(name));
        if (channelCount < 0) throw new ArgumentOutOfRangeException(nameof(channelCount), channelCount, $"stream '{name}': channel count must be >= 0");
        if (!double.IsFinite(nominalRate) || nominalRate < 0)
            throw new ArgumentOutOfRangeException(nameof(nominalRate), nominalRate, $"stream '{name}': nominal rate must be >= 0 Hz (0 = irregular)");
        Name = name;
        Type = type ?? "";
        ChannelCount = channelCount;
        NominalRate = nominalRate;
        Format = format;
        SourceId = sourceId ?? "";
    }

    public string Name { get; }
    public string Type { get; }
    public int ChannelCount { get; }
    public double NominalRate { get; }
    public ChannelFormat Format { get; }
    public string SourceId { get; }

    /// <summary>Protocol version x 100 (110 = 1.10).</summary>
    public int Version { get; set; } = 110;
    public double CreatedAt { get; set; }
    public string Uid { get; set; } = "";
    public string SessionId { get; set; } = "default";
    public string Hostname { get; set; } = "";
    public string V4Address { get; set; } = "";
    public int V4DataPort { get; set; }
    public int V4ServicePort { get; set; }
    public string V6Address { get; set; } = "";
    public int V6DataPort { get; set; }
    public int V6ServicePort { get; set; }

    /// <summary>
    /// The native liblsl info this one was read from, when a native resolver produced it: liblsl keeps the
    /// resolved address in a field its XML does not show, so a native inlet must be built from the original.
    /// </summary>
    internal IDisposable? NativeOrigin { get; set; }

    /// <summary>The free metadata element (&lt;desc&gt;), e.g. desc/channels/channel/label.</summary>
    public XElement Desc { get; set; } = new("desc");

    public bool IsRegular => NominalRate > 0;

    /// <summary>Bytes per value on the wire (0 for strings).</summary>
    public int ValueSize => Format.ValueSize();

    /// <summary>The document without desc, as sent in discovery replies and the 1.00 feed header.</summary>
    public string ToShortXml() => ToXml(includeDesc: false);

    /// <summary>The complete document, as sent in reply to LSL:fullinfo.</summary>
    public string ToFullXml() => ToXml(includeDesc: true);

    public string ToXml(bool includeDesc)
    {
        var text = new StringBuilder(1024);
        text.Append("<?xml version=\"1.0\"?>\n<info>\n");
        void Field(string name, string value)
        {
            text.Append('\t').Append('<').Append(name).Append('>');
            text.Append(SecurityElementEscape(value));
            text.Append("</").Append(name).Append(">\n");
        }
        Field("name", Name);
        Field("type", Type);
        Field("channel_count", ChannelCount.ToString(CultureInfo.InvariantCulture));
        Field("channel_format", Format.ToName());
        Field("source_id", SourceId);
        Field("nominal_srate", Sixteen(NominalRate));
        Field("version", Sixteen(Version / 100.0));
        Field("created_at", Sixteen(CreatedAt));
        Field("uid", Uid);
        Field("session_id", SessionId);
        Field("hostname", Hostname);
        Field("v4address", V4Address);
        Field("v4data_port", V4DataPort.ToString(CultureInfo.InvariantCulture));
        Field("v4service_port", V4ServicePort.ToString(CultureInfo.InvariantCulture));
        Field("v6address", V6Address);
        Field("v6data_port", V6DataPort.ToString(CultureInfo.InvariantCulture));
        Field("v6service_port", V6ServicePort.ToString(CultureInfo.InvariantCulture));
        if (includeDesc && (Desc.HasElements || Desc.Value.Length > 0))
        {
            var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, IndentChars = "\t", NewLineChars = "\n", ConformanceLevel = ConformanceLevel.Fragment };
            var desc = new StringBuilder();
            using (var writer = XmlWriter.Create(desc, settings)) new XElement("desc", Desc.Attributes(), Desc.Nodes()).WriteTo(writer);
            text.Append('\t').Append(desc.ToString().Replace("\n", "\n\t", StringComparison.Ordinal)).Append('\n');
        }
        else
            text.Append("\t<desc />\n");
        text.Append("</info>\n");
        return text.ToString();
    }

    /// <summary>
    /// Reads an &lt;info&gt; document (from liblsl or us). Every field liblsl requires must be present and valid;
    /// otherwise a <see cref="FormatException"/> names the field.
    /// </summary>
    public static LslStreamInfo Parse(string xml)
    {
        XElement root;
        try
        {
            root = XDocument.Parse(xml.TrimStart('\uFEFF', ' ', '\r', '\n', '\t')).Root ?? throw new FormatException("stream info: empty document");
        }
        catch (XmlException e)
        {
            throw new FormatException($"stream info: not well-formed XML ({e.Message})", e);
        }
        if (root.Name.LocalName != "info") throw new FormatException($"stream info: root element is <{root.Name.LocalName}>, expected <info>");
        string Text(string element, bool required = true)
        {
            var e = root.Element(element);
            if (e is null)
                return required ? throw new FormatException($"stream info: <{element}> is missing") : "";
            return e.Value.Trim();
        }
        int Integer(string element, bool required = true)
        {
            var t = Text(element, required);
            if (t.Length == 0 && !required) return 0;
            return int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                ? v : throw new FormatException($"stream info: <{element}> is '{t}', not an integer");
        }
        double Real(string element, bool required = true)
        {
            var t = Text(element, required);
            if (t.Length == 0 && !required) return 0;
            return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v : throw new FormatException($"stream info: <{element}> is '{t}', not a number");
        }

        var name = Text("name");
        if (name.Length == 0) throw new FormatException("stream info: <name> is empty");
        var formatName = Text("channel_format");
        if (!ChannelFormatNames.TryParse(formatName, out var format))
            throw new FormatException($"stream info '{name}': channel_format '{formatName}' is not one of float32, double64, string, int32, int16, int8, int64");
        var rate = Real("nominal_srate");
        var count = Integer("channel_count");
        if (count < 0) throw new FormatException($"stream info '{name}': channel_count {count} is negative");
        if (rate < 0 || !double.IsFinite(rate)) throw new FormatException($"stream info '{name}': nominal_srate {rate} is not >= 0");
        var version = (int)Math.Round(Real("version", required: false) * 100);
        var info = new LslStreamInfo(name, Text("type", required: false), count, rate, format, Text("source_id", required: false))
        {
            Version = version > 0 ? version : 110,
            CreatedAt = Real("created_at", required: false),
            Uid = Text("uid", required: false),
            SessionId = Text("session_id", required: false),
            Hostname = Text("hostname", required: false),
            V4Address = Text("v4address", required: false),
            V4DataPort = Integer("v4data_port", required: false),
            V4ServicePort = Integer("v4service_port", required: false),
            V6Address = Text("v6address", required: false),
            V6DataPort = Integer("v6data_port", required: false),
            V6ServicePort = Integer("v6service_port", required: false),
            Desc = root.Element("desc") is { } d ? new XElement(d) : new XElement("desc"),
        };
        foreach (var (port, value) in new[] { ("v4data_port", info.V4DataPort), ("v4service_port", info.V4ServicePort), ("v6data_port", info.V6DataPort), ("v6service_port", info.V6ServicePort) })
            if (value is < 0 or > 65535) throw new FormatException($"stream info '{name}': {port} {value} is not a port number");
        return info;
    }

    /// <summary>A copy with the network fields (address, ports, uid) kept; used when a resolver fills the address.</summary>
    public LslStreamInfo Clone()
    {
        var copy = new LslStreamInfo(Name, Type, ChannelCount, NominalRate, Format, SourceId)
        {
            Version = Version, CreatedAt = CreatedAt, Uid = Uid, SessionId = SessionId, Hostname = Hostname,
            V4Address = V4Address, V4DataPort = V4DataPort, V4ServicePort = V4ServicePort,
            V6Address = V6Address, V6DataPort = V6DataPort, V6ServicePort = V6ServicePort,
            Desc = new XElement(Desc),
        };
        return copy;
    }

    /// <summary>
    /// Builds the info for a stream of the pipeline model: channel labels, types and units go to
    /// desc/channels/channel (the XDF/LSL metadata convention), metadata keys to desc children.
    /// </summary>
    public static LslStreamInfo FromDescription(StreamDescription stream, ChannelFormat? format = null, string? unitOverride = null)
    {
        var info = new LslStreamInfo(stream.Name, stream.Type, stream.ChannelCount, stream.NominalRate, format ?? stream.Format, stream.SourceId);
        if (stream.ChannelCount > 0)
        {
            info.Desc.Add(new XElement("channels", stream.Channels.Select(c => new XElement("channel",
                new XElement("label", c.Label), new XElement("unit", unitOverride ?? c.Unit), new XElement("type", c.Type)))));
        }
        foreach (var (key, value) in stream.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (IsXmlName(key) && key != "channels") info.Desc.Add(new XElement(key, value));
        }
        return info;
    }

    /// <summary>
    /// The pipeline's description of this stream: channel labels/types/units from desc/channels/channel when
    /// present (generic ch1..chN otherwise), other top-level desc elements with text as metadata.
    /// </summary>
    public StreamDescription ToDescription()
    {
        var declared = Desc.Element("channels")?.Elements("channel").ToList() ?? [];
        var channels = new List<ChannelInfo>(ChannelCount);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < ChannelCount; i++)
        {
            var element = i < declared.Count ? declared[i] : null;
            var label = element?.Element("label")?.Value.Trim() is { Length: > 0 } l ? l : $"ch{i + 1}";
            if (!used.Add(label)) { label = $"{label}_{i + 1}"; used.Add(label); }
            var type = element?.Element("type")?.Value.Trim() is { Length: > 0 } t ? t : (Type.Length > 0 ? Type : "misc");
            var unit = element?.Element("unit")?.Value.Trim() ?? "";
            channels.Add(new ChannelInfo(label, type, unit));
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["lsl.uid"] = Uid,
            ["lsl.hostname"] = Hostname,
            ["lsl.created_at"] = CreatedAt.ToString("R", CultureInfo.InvariantCulture),
        };
        foreach (var e in Desc.Elements().Where(e => e.Name.LocalName != "channels" && !e.HasElements))
            metadata.TryAdd(e.Name.LocalName, e.Value);
        var format = Format == ChannelFormat.String ? ChannelFormat.String : Format;
        return new StreamDescription(Name, Type, channels, NominalRate, format, SourceId, metadata);
    }

    public override string ToString() =>
        $"{Name} ({Type}, {ChannelCount} ch, {(IsRegular ? NominalRate.ToString("0.###", CultureInfo.InvariantCulture) + " Hz" : "irregular")}, {Format.ToName()}, source_id '{SourceId}', host {Hostname})";

    private static bool IsXmlName(string key)
    {
        try { XmlConvert.VerifyName(key); return true; }
        catch (XmlException) { return false; }
    }

    private static string SecurityElementEscape(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    // liblsl prints doubles with 16 significant digits and always a decimal point (250.0000000000000).
    internal static string Sixteen(double value)
    {
        if (value == 0) return "0";
        var integerDigits = Math.Max(1, (int)Math.Floor(Math.Log10(Math.Abs(value))) + 1);
        var decimals = Math.Clamp(16 - integerDigits, 1, 15);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
