using System.Globalization;
using Bci.Core.Streams;
using Bci.Recording.IO;

namespace Bci.Recording.Eeglab;

/// <summary>
/// Opens EEGLAB data sets: the .set (MAT v5) gives channels, rate and events; the samples are either in the .set
/// or in the float32 .fdt file it names (read in blocks, never whole). EEGLAB stores microvolts; the model gets
/// volts. Event latencies are 1-based sample positions: an event at latency L is at (L - 1) / srate seconds.
/// </summary>
internal static class EeglabReader
{
    public static Recording Open(string path)
    {
        var fileLength = new FileInfo(path).Length;
        if (fileLength > 1L << 31)
            throw new RecordingFormatException(path, 0, $".set file is {fileLength} bytes; data sets larger than 2 GiB must keep their samples in a .fdt file");
        var variables = MatFileReader.ReadVariables(path, File.ReadAllBytes(path));
        var eeg = variables.TryGetValue("EEG", out var wrapped) && wrapped is MatStruct s ? new Fields(s) : new Fields(variables);
        var problems = new List<RecordingProblem>();

        var channelCount = (int)Required(path, eeg, "nbchan");
        var points = (long)Required(path, eeg, "pnts");
        var trials = (long)(eeg.Number("trials") ?? 1);
        var rate = Required(path, eeg, "srate");
        if (channelCount <= 0 || points < 0 || trials < 1 || rate <= 0 || !double.IsFinite(rate))
            throw new RecordingFormatException(path, 0, $"EEG.nbchan={channelCount}, pnts={points}, trials={trials}, srate={rate} do not describe a data set");
        if (trials > 1)
            problems.Add(new RecordingProblem($"epoched data set: {trials} epochs of {points} samples are read one after the other as a continuous stream"));

        var labels = ReadLabels(eeg, channelCount);
        var normalised = ChannelLabels.NormalizeAll(labels);
        var channels = labels.Select((l, i) => new ChannelInfo(normalised[i], "EEG", "V", l));
        var stem = Path.GetFileNameWithoutExtension(path);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "EEGLAB",
            ["setname"] = eeg.Text("setname") ?? "",
            ["ref"] = eeg.Text("ref") ?? "",
            ["trials"] = trials.ToString(CultureInfo.InvariantCulture),
        };
        var description = new StreamDescription(stem, "EEG", channels, rate, ChannelFormat.Double64, $"EEGLAB:{stem}", metadata);

        var totalSamples = points * trials;
        RecordedStream data;
        switch (eeg.Get("data"))
        {
            case MatText text:
                var fdt = ResolveDataFile(path, text.Text);
                var expected = totalSamples * channelCount * 4;
                var actual = new FileInfo(fdt).Length;
                var complete = Math.Min(totalSamples, actual / (4L * channelCount));
                if (actual < expected)
                    problems.Add(new RecordingProblem($"{Path.GetFileName(fdt)} holds {actual} bytes, {expected} expected: {totalSamples - complete} samples are missing", actual));
                else if (actual > expected)
                    problems.Add(new RecordingProblem($"{Path.GetFileName(fdt)} has {actual - expected} bytes after the data; ignored", expected));
                data = new FloatFileStream(description, fdt, channelCount, complete, 1e-6);
                metadata["data_file"] = fdt;
                break;
            case MatNumeric numeric:
                if (numeric.Values.LongLength < totalSamples * channelCount)
                    throw new RecordingFormatException(path, 0, $"EEG.data holds {numeric.Values.LongLength} values, {totalSamples * channelCount} expected");
                data = new InMemoryStream(description, numeric.Values, channelCount, totalSamples, 1e-6);
                break;
            default:
                throw new RecordingFormatException(path, 0, "EEG.data is neither a file name nor a numeric array");
        }

        var markerName = $"{stem} events";
        var events = ReadEvents(eeg, rate, markerName);
        var streams = new List<RecordedStream> { data, new MarkerListStream(MarkerListStream.Describe(markerName, metadata), events) };
        return new Recording(path, RecordingFormat.EeglabSet, streams, problems, metadata);
    }

    private static double Required(string path, Fields eeg, string name) =>
        eeg.Number(name) ?? throw new RecordingFormatException(path, 0, $"EEG.{name} is missing or not a number");

    private static List<string> ReadLabels(Fields eeg, int channelCount)
    {
        var labels = new List<string>(channelCount);
        if (eeg.Get("chanlocs") is MatStruct locations)
            for (var i = 0; i < Math.Min(channelCount, locations.Elements.Length); i++)
                labels.Add(locations.Field(i, "labels") is MatText t ? t.Text : $"ch{i + 1}");
        for (var i = labels.Count; i < channelCount; i++) labels.Add($"ch{i + 1}");
        return labels;
    }

    private static List<MarkerEvent> ReadEvents(Fields eeg, double rate, string markerName)
    {
        var events = new List<MarkerEvent>();
        if (eeg.Get("event") is not MatStruct table) return events;
        for (var i = 0; i < table.Elements.Length; i++)
        {
            var latency = (table.Field(i, "latency") as MatNumeric)?.Scalar;
            if (latency is not { } l || !double.IsFinite(l)) continue;
            var value = table.Field(i, "type") switch
            {
                MatText t => t.Text,
                MatNumeric n when n.Scalar is { } v => v.ToString(CultureInfo.InvariantCulture),
                _ => "",
            };
            var duration = (table.Field(i, "duration") as MatNumeric)?.Scalar ?? 0;
            events.Add(new MarkerEvent(value, (l - 1) / rate, markerName) { Duration = double.IsFinite(duration) ? duration / rate : 0 });
        }
        return events;
    }

    private static string ResolveDataFile(string setPath, string name)
    {
        var folder = Path.GetDirectoryName(setPath) ?? ".";
        var candidates = new[] { Path.Combine(folder, Path.GetFileName(name.Trim())), Path.Combine(folder, Path.GetFileNameWithoutExtension(setPath) + ".fdt") };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new RecordingFormatException(setPath, 0, $"EEG.data names '{name}', which is not beside the .set ({candidates[0]})");
    }

    /// <summary>The EEG fields, whether saved as one struct variable or as separate top-level variables.</summary>
    private sealed class Fields
    {
        private readonly Func<string, MatValue?> _get;

        public Fields(MatStruct eeg) => _get = name => eeg.Field(0, name);

        public Fields(Dictionary<string, MatValue> variables) => _get = name => variables.GetValueOrDefault(name);

        public MatValue? Get(string name) => _get(name);

        public double? Number(string name) => (_get(name) as MatNumeric)?.Scalar;

        public string? Text(string name) => (_get(name) as MatText)?.Text;
    }
}
