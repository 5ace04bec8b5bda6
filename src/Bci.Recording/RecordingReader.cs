using System.Text;
using Bci.Recording.Edf;
using Bci.Recording.Gdf;
using Bci.Recording.Eeglab;
using Bci.Recording.Xdf;
using Bci.Recording.IO;

namespace Bci.Recording;

/// <summary>
/// Opens a recording in any supported format, recognised by its first bytes (not its extension): XDF, EDF/EDF+,
/// BDF/BDF+, GDF 1.x/2.x and EEGLAB .set (MAT v5, samples in the .set or a .fdt beside it). Opening reads
/// headers and indexes (and EDF+ annotations); samples are read when a stream's chunks are enumerated.
/// Malformed files raise <see cref="RecordingFormatException"/> with the file and byte offset.
/// </summary>
public static class RecordingReader
{
    public static Recording Open(string path) => Open(path, new RecordingReadOptions());

    public static Recording Open(string path, RecordingReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"recording '{path}' does not exist", full);
        var format = Sniff(full);
        try
        {
            return format switch
            {
                RecordingFormat.Xdf => XdfReader.Open(full, options),
                RecordingFormat.Edf or RecordingFormat.Bdf => EdfReader.Open(full),
                RecordingFormat.Gdf1 or RecordingFormat.Gdf2 => GdfReader.Open(full),
                RecordingFormat.EeglabSet => EeglabReader.Open(full),
                _ => throw new RecordingFormatException(full, 0, $"{format} reading is not available"),
            };
        }
        catch (Exception e) when (e is not RecordingFormatException and not IOException and not UnauthorizedAccessException and not OperationCanceledException)
        {
            // A reader bug on odd input must still name the file; it never escapes as a bare runtime exception.
            throw new RecordingFormatException(full, 0, $"unreadable {format} file: {e.Message}", e);
        }
    }

    /// <summary>The format of a file from its first bytes; throws a format error when it is none of the supported ones.</summary>
    public static RecordingFormat Sniff(string path)
    {
        Span<byte> head = stackalloc byte[128];
        int n;
        using (var handle = FileReads.OpenRead(path))
            n = FileReads.ReadAtMost(handle, head, 0);
        head = head[..n];
        if (head.StartsWith("XDF:"u8)) return RecordingFormat.Xdf;
        if (head.Length >= 8 && head[0] == 0xFF && head[1..8].SequenceEqual("BIOSEMI"u8)) return RecordingFormat.Bdf;
        if (head.StartsWith("0       "u8)) return RecordingFormat.Edf;
        if (head.StartsWith("GDF 1."u8)) return RecordingFormat.Gdf1;
        if (head.StartsWith("GDF 2."u8) || head.StartsWith("GDF 3."u8)) return RecordingFormat.Gdf2;
        if (head.StartsWith("MATLAB"u8)) return RecordingFormat.EeglabSet;
        var shown = Encoding.ASCII.GetString(head[..Math.Min(8, head.Length)]).Replace('\0', '.');
        throw new RecordingFormatException(path, 0,
            n == 0 ? "file is empty" : $"not a recording this reader knows (starts with '{shown}'; expected XDF, EDF, BDF, GDF or an EEGLAB .set)");
    }
}
