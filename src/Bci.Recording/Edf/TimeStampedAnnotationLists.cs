using System.Globalization;
using System.Text;

namespace Bci.Recording.Edf;

/// <summary>
/// Parses EDF+ time-stamped annotation lists (TALs): "+onset[\x15duration]\x14text\x14text\x14\0". The first TAL
/// of a record's first annotation signal keeps time (its onset is the record's start, its text is empty).
/// </summary>
internal static class TimeStampedAnnotationLists
{
    public readonly record struct Annotation(double Onset, double Duration, string Text);

    /// <summary>
    /// Parses the TALs in <paramref name="bytes"/>. Returns the onset of the first TAL (the time-keeping one when
    /// this is the first annotation signal of a record) or null when there is none. Malformed TALs are reported
    /// through <paramref name="malformed"/> with their offset in <paramref name="bytes"/> and skipped.
    /// </summary>
    public static double? Parse(ReadOnlySpan<byte> bytes, List<Annotation> annotations, Action<int, string> malformed)
    {
        double? first = null;
        var pos = 0;
        while (pos < bytes.Length)
        {
            if (bytes[pos] == 0) { pos++; continue; }
            var start = pos;
            var length = bytes[pos..].IndexOf((byte)0);
            var end = length < 0 ? bytes.Length : pos + length;
            pos = end + 1;
            var tal = bytes[start..end];

            var firstSeparator = tal.IndexOf((byte)0x14);
            if (firstSeparator < 0)
            {
                malformed(start, "annotation list without a 0x14 separator after its onset");
                continue;
            }
            var timing = tal[..firstSeparator];
            var durationMark = timing.IndexOf((byte)0x15);
            var onsetText = durationMark < 0 ? timing : timing[..durationMark];
            if (!TryParseOnset(onsetText, out var onset))
            {
                malformed(start, $"annotation onset '{Encoding.Latin1.GetString(onsetText)}' is not +seconds or -seconds");
                continue;
            }
            var duration = 0.0;
            if (durationMark >= 0 && !TryParseNumber(timing[(durationMark + 1)..], out duration))
            {
                malformed(start + durationMark, $"annotation duration '{Encoding.Latin1.GetString(timing[(durationMark + 1)..])}' is not a number");
                duration = 0;
            }
            first ??= onset;

            var rest = tal[(firstSeparator + 1)..];
            while (rest.Length > 0)
            {
                var next = rest.IndexOf((byte)0x14);
                var text = next < 0 ? rest : rest[..next];
                if (text.Length > 0)
                    annotations.Add(new Annotation(onset, duration, Encoding.UTF8.GetString(text)));
                if (next < 0) break;
                rest = rest[(next + 1)..];
            }
        }
        return first;
    }

    private static bool TryParseOnset(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.Length < 2 || (text[0] != (byte)'+' && text[0] != (byte)'-')) return false;
        return TryParseNumber(text, out value);
    }

    private static bool TryParseNumber(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(Encoding.ASCII.GetString(text), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
