using System.Globalization;
using System.Xml.Linq;
using Bci.Core.Streams;

namespace Bci.Recording.Xdf;

/// <summary>
/// Builds the info XML of stream headers and footers as LabRecorder writes them: LSL's stream info fields, then
/// desc with channels (label, unit, type) and every "desc.*" metadata entry nested back into elements.
/// </summary>
internal static class XdfInfoXml
{
    public static string Build(StreamDescription d)
    {
        string Meta(string key, string fallback = "") => d.Metadata.TryGetValue(key, out var v) ? v : fallback;
        var info = new XElement("info",
            new XElement("name", d.Name),
            new XElement("type", d.Type),
            new XElement("channel_count", d.ChannelCount.ToString(CultureInfo.InvariantCulture)),
            new XElement("channel_format", d.Format.ToName()),
            new XElement("source_id", d.SourceId),
            new XElement("nominal_srate", d.NominalRate.ToString("0.000000000000000", CultureInfo.InvariantCulture)),
            new XElement("version", Meta("version", "1.1")),
            new XElement("created_at", Meta("created_at", "0")),
            new XElement("uid", Meta("uid", Guid.NewGuid().ToString())),
            new XElement("session_id", Meta("session_id", "default")),
            new XElement("hostname", Meta("hostname", Environment.MachineName)));
        var desc = new XElement("desc");
        if (d.ChannelCount > 0)
            desc.Add(new XElement("channels", d.Channels.Select(c =>
                new XElement("channel", new XElement("label", c.Label), new XElement("unit", c.Unit), new XElement("type", c.Type)))));
        foreach (var (key, value) in d.Metadata.Where(kv => kv.Key.StartsWith("desc.", StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            Nest(desc, key["desc.".Length..].Split('.'), value);
        info.Add(desc);
        return XdfWriter.Xml(info);
    }

    public static XElement Footer(double first, double last, long count, IEnumerable<ClockOffset> offsets) =>
        new("info",
            new XElement("first_timestamp", Number(double.IsNaN(first) ? 0 : first)),
            new XElement("last_timestamp", Number(double.IsNaN(last) ? 0 : last)),
            new XElement("sample_count", count.ToString(CultureInfo.InvariantCulture)),
            new XElement("clock_offsets", offsets.Select(o =>
                new XElement("offset", new XElement("time", Number(o.CollectionTime)), new XElement("value", Number(o.Value))))));

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Puts "a.b[1].c" = value back as &lt;a&gt;&lt;b/&gt;&lt;b&gt;&lt;c&gt;value&lt;/c&gt;&lt;/b&gt;&lt;/a&gt; under <paramref name="parent"/>.</summary>
    private static void Nest(XElement parent, string[] path, string value)
    {
        var node = parent;
        for (var i = 0; i < path.Length; i++)
        {
            var part = path[i];
            var index = 0;
            var bracket = part.IndexOf('[');
            if (bracket > 0 && part.EndsWith(']') && int.TryParse(part[(bracket + 1)..^1], out var parsed)) { index = parsed; part = part[..bracket]; }
            if (part.Length == 0 || !IsXmlName(part)) return;
            var existing = node.Elements(part).ToList();
            while (existing.Count <= index) { var added = new XElement(part); node.Add(added); existing.Add(added); }
            node = existing[index];
        }
        node.Value = value;
    }

    private static bool IsXmlName(string name)
    {
        try { XmlConvertVerify(name); return true; } catch (System.Xml.XmlException) { return false; }
    }

    private static void XmlConvertVerify(string name) => System.Xml.XmlConvert.VerifyName(name);
}
