using System.Globalization;
using System.Text;
using Bci.Core.Streams;

namespace Bci.Dsp.Tests;

/// <summary>
/// TEST HELPER ONLY: a minimal EDF/EDF+ reader so the dsp tests can run on a real recording without depending on
/// the recording area's reader. Reads 16-bit signals that share one rate, scales them to volts (when the unit is
/// uV/mV/V) and parses the "EDF Annotations" TALs (EDF+ spec, Kemp and Olivan 2003, sec. 2.2). Not for production.
/// </summary>
internal sealed class EdfTestReader
{
    public required StreamDescription Stream { get; init; }

    /// <summary>Sample-major values in volts.</summary>
    public required double[] Values { get; init; }

    public required int SampleCount { get; init; }

    /// <summary>Annotations (onset seconds from the start, text), without the empty time-keeping TALs.</summary>
    public required List<(double Onset, double Duration, string Text)> Annotations { get; init; }

    public static EdfTestReader Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        string Field(int offset, int length) => Encoding.ASCII.GetString(bytes, offset, length).Trim();
        double Number(int offset, int length) => double.Parse(Field(offset, length), CultureInfo.InvariantCulture);

        var headerBytes = (int)Number(184, 8);
        var records = (int)Number(236, 8);
        var recordDuration = Number(244, 8);
        var ns = (int)Number(252, 4);
        var labels = new string[ns];
        var units = new string[ns];
        double[] physMin = new double[ns], physMax = new double[ns], digMin = new double[ns], digMax = new double[ns];
        var perRecord = new int[ns];
        for (var i = 0; i < ns; i++)
        {
            labels[i] = Field(256 + i * 16, 16);
            units[i] = Field(256 + ns * 96 + i * 8, 8);
            physMin[i] = Number(256 + ns * 104 + i * 8, 8);
            physMax[i] = Number(256 + ns * 112 + i * 8, 8);
            digMin[i] = Number(256 + ns * 120 + i * 8, 8);
            digMax[i] = Number(256 + ns * 128 + i * 8, 8);
            perRecord[i] = (int)Number(256 + ns * 216 + i * 8, 8);
        }
        var annotationSignal = Array.IndexOf(labels, "EDF Annotations");
        var data = Enumerable.Range(0, ns).Where(i => i != annotationSignal).ToArray();
        var samplesPerRecord = perRecord[data[0]];
        if (data.Any(i => perRecord[i] != samplesPerRecord)) throw new NotSupportedException("test reader: signals with different rates");
        var rate = samplesPerRecord / recordDuration;
        var c = data.Length;
        var total = records * samplesPerRecord;
        var values = new double[total * c];
        var annotations = new List<(double, double, string)>();
        var recordBytes = perRecord.Sum() * 2;
        for (var r = 0; r < records; r++)
        {
            var offset = headerBytes + r * recordBytes;
            for (var i = 0; i < ns; i++)
            {
                if (i == annotationSignal)
                {
                    ParseTals(Encoding.UTF8.GetString(bytes, offset, perRecord[i] * 2), annotations);
                }
                else
                {
                    var column = Array.IndexOf(data, i);
                    var gain = (physMax[i] - physMin[i]) / (digMax[i] - digMin[i]);
                    var scale = units[i] switch { "uV" => 1e-6, "mV" => 1e-3, _ => 1.0 };
                    for (var s = 0; s < perRecord[i]; s++)
                    {
                        var digital = BitConverter.ToInt16(bytes, offset + s * 2);
                        values[(r * samplesPerRecord + s) * c + column] = (physMin[i] + (digital - digMin[i]) * gain) * scale;
                    }
                }
                offset += perRecord[i] * 2;
            }
        }
        var channels = data.Select(i => new ChannelInfo(labels[i].TrimEnd('.'), "EEG", "V", labels[i]));
        return new EdfTestReader
        {
            Stream = new StreamDescription(Path.GetFileNameWithoutExtension(path), "EEG", channels, rate),
            Values = values,
            SampleCount = total,
            Annotations = annotations,
        };
    }

    /// <summary>TALs: "+onset[\x15duration]\x14text\x14[text\x14...]\0"; the first of each record has no text (time-keeping).</summary>
    private static void ParseTals(string block, List<(double, double, string)> into)
    {
        foreach (var tal in block.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = tal.Split('\x14');
            var timing = parts[0].Split('\x15');
            var onset = double.Parse(timing[0], CultureInfo.InvariantCulture);
            var duration = timing.Length > 1 && timing[1].Length > 0 ? double.Parse(timing[1], CultureInfo.InvariantCulture) : 0;
            foreach (var text in parts.Skip(1).Where(t => t.Length > 0))
                into.Add((onset, duration, text));
        }
    }
}
