using System.Globalization;

namespace Bci.Alignment.Evaluation;

/// <summary>
/// A muse-lsl CSV recording (header "timestamps,TP9,AF7,AF8,TP10,Right AUX,Marker0"): EEG in microvolts, stimulus
/// codes merged into the rows (0 = none). Values are returned in volts, channel-major. The time stamps of these
/// files are rounded and not monotonic, so epochs are cut by row index at the nominal 256 Hz.
/// </summary>
public sealed class MuseCsvRecording
{
    public static readonly string[] EegChannels = ["TP9", "AF7", "AF8", "TP10"];

    private MuseCsvRecording(string path, double[][] channels, IReadOnlyList<(int Row, int Code)> markers)
    {
        Path = path;
        Channels = channels;
        Markers = markers;
    }

    public string Path { get; }

    /// <summary>Per EEG channel (TP9, AF7, AF8, TP10), every sample in volts.</summary>
    public double[][] Channels { get; }

    /// <summary>Rows whose marker column is non-zero, with the code.</summary>
    public IReadOnlyList<(int Row, int Code)> Markers { get; }

    public int Rows => Channels[0].Length;

    public static MuseCsvRecording Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty file");
        var columns = header.Split(',');
        var indices = EegChannels.Select(c => Array.IndexOf(columns, c)).ToArray();
        var marker = Array.FindIndex(columns, c => c.StartsWith("Marker", StringComparison.Ordinal));
        if (indices.Any(i => i < 0) || marker < 0)
            throw new InvalidDataException($"{path}: header '{header}' lacks {string.Join("/", EegChannels)} or a Marker column");
        var data = EegChannels.Select(_ => new List<double>(32_000)).ToArray();
        var markers = new List<(int, int)>();
        var line = 1;
        for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Length == 0) continue;
            var fields = text.Split(',');
            if (fields.Length < columns.Length)
                throw new InvalidDataException($"{path}:{line}: {fields.Length} fields, header has {columns.Length}");
            for (var c = 0; c < indices.Length; c++)
                data[c].Add(Parse(fields[indices[c]], path, line) * 1e-6);
            var code = (int)Parse(fields[marker], path, line);
            if (code != 0) markers.Add((data[0].Count - 1, code));
        }
        return new MuseCsvRecording(path, data.Select(d => d.ToArray()).ToArray(), markers);
    }

    private static double Parse(string field, string path, int line) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new InvalidDataException($"{path}:{line}: '{field}' is not a finite number");
}
