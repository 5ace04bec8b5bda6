using System.Globalization;
using System.Text;

namespace Bci.Recording.Tests.Support;

/// <summary>Writes small EDF/EDF+/BDF files with known content for tests of the reader's edge cases.</summary>
internal sealed class EdfFileBuilder
{
    public bool Bdf { get; init; }
    public string Reserved { get; init; } = "";
    public double RecordDuration { get; init; } = 1;
    public int? RecordCountField { get; init; }
    public List<(string Label, int SamplesPerRecord, string Dimension, double PhysMin, double PhysMax, int DigMin, int DigMax)> Signals { get; } = [];

    /// <summary>Digital value of signal s, sample i of record r.</summary>
    public Func<int, int, int, int> Digital { get; init; } = (s, r, i) => (r * 100 + i) % 1000 - 500;

    /// <summary>Annotation bytes of record r (EDF+ TALs); padded with zeros.</summary>
    public Func<int, string>? Annotations { get; init; }

    public int Records { get; init; } = 3;

    public byte[] Build()
    {
        var ns = Signals.Count;
        var header = new StringBuilder();
        void Field(string text, int width) => header.Append(text.PadRight(width)[..width]);
        var version = Bdf ? "\u00FFBIOSEMI" : "0";
        Field(version, 8); Field("X X X X", 80); Field("Startdate 01-JAN-2020 X X test", 80);
        Field("01.02.20", 8); Field("03.04.05", 8); Field(((ns + 1) * 256).ToString(CultureInfo.InvariantCulture), 8);
        Field(Reserved, 44); Field((RecordCountField ?? Records).ToString(CultureInfo.InvariantCulture), 8);
        Field(RecordDuration.ToString(CultureInfo.InvariantCulture), 8); Field(ns.ToString(CultureInfo.InvariantCulture), 4);
        foreach (var s in Signals) Field(s.Label, 16);
        foreach (var _ in Signals) Field("", 80);
        foreach (var s in Signals) Field(s.Dimension, 8);
        foreach (var s in Signals) Field(s.PhysMin.ToString(CultureInfo.InvariantCulture), 8);
        foreach (var s in Signals) Field(s.PhysMax.ToString(CultureInfo.InvariantCulture), 8);
        foreach (var s in Signals) Field(s.DigMin.ToString(CultureInfo.InvariantCulture), 8);
        foreach (var s in Signals) Field(s.DigMax.ToString(CultureInfo.InvariantCulture), 8);
        foreach (var _ in Signals) Field("", 80);
        foreach (var s in Signals) Field(s.SamplesPerRecord.ToString(CultureInfo.InvariantCulture), 8);
        foreach (var _ in Signals) Field("", 32);

        var bytes = new List<byte>(Encoding.Latin1.GetBytes(header.ToString()));
        var bps = Bdf ? 3 : 2;
        for (var r = 0; r < Records; r++)
        {
            for (var si = 0; si < ns; si++)
            {
                var s = Signals[si];
                if (s.Label.EndsWith("Annotations", StringComparison.Ordinal))
                {
                    var text = Encoding.UTF8.GetBytes(Annotations?.Invoke(r) ?? "");
                    var slot = new byte[s.SamplesPerRecord * bps];
                    Array.Copy(text, slot, Math.Min(text.Length, slot.Length));
                    bytes.AddRange(slot);
                    continue;
                }
                for (var i = 0; i < s.SamplesPerRecord; i++)
                {
                    var v = Digital(si, r, i);
                    bytes.Add((byte)v);
                    bytes.Add((byte)(v >> 8));
                    if (Bdf) bytes.Add((byte)(v >> 16));
                }
            }
        }
        return bytes.ToArray();
    }

    public string WriteTo(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, Build());
        return path;
    }
}
