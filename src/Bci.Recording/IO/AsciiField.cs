using System.Globalization;
using System.Text;

namespace Bci.Recording.IO;

/// <summary>Reads the space-padded ASCII fields of EDF-style headers, with errors naming field and byte offset.</summary>
internal static class AsciiField
{
    public static string Text(ReadOnlySpan<byte> header, int offset, int length) =>
        Encoding.Latin1.GetString(header.Slice(offset, length)).TrimEnd(' ', '\0').TrimStart(' ');

    public static double Number(string path, ReadOnlySpan<byte> header, int offset, int length, long fileOffset, string field)
    {
        var text = Text(header, offset, length);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        // Some writers use a decimal comma.
        if (double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
            return value;
        throw new RecordingFormatException(path, fileOffset + offset, $"{field} is '{text}', not a number");
    }

    public static long Integer(string path, ReadOnlySpan<byte> header, int offset, int length, long fileOffset, string field)
    {
        var text = Text(header, offset, length);
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            return value;
        throw new RecordingFormatException(path, fileOffset + offset, $"{field} is '{text}', not an integer");
    }
}
