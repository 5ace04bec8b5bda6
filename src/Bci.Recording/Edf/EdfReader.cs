using System.Globalization;
using Bci.Core.Streams;
using Bci.Recording.IO;
using Bci.Recording.Records;

namespace Bci.Recording.Edf;

/// <summary>
/// Opens EDF, EDF+, BDF and BDF+ files: one signal stream per sampling rate (most files have one), and for the
/// "+" variants a marker stream of the annotations, timed relative to the first record's start like MNE does.
/// </summary>
internal static class EdfReader
{
    private static readonly string[] TypePrefixes = ["EEG", "EOG", "ECG", "EKG", "EMG", "RESP", "MEG", "SAO2", "TEMP", "DIG", "STIM"];

    public static Recording Open(string path)
    {
        using var handle = FileReads.OpenRead(path);
        var header = EdfHeader.Read(path, handle);
        var problems = new List<RecordingProblem>(header.Problems);
        var scan = header.IsPlus ? EdfAnnotationScan.Run(header, handle) : null;
        if (scan is not null) problems.AddRange(scan.Problems);
        var layout = new RecordLayout(path, header.HeaderBytes, header.RecordBytes, header.RecordCount, header.RecordDuration,
            header.IsDiscontinuous ? scan?.RecordOnsets : null);
        var sampleType = header.IsBdf ? SampleType.Int24 : SampleType.Int16;

        var stem = System.IO.Path.GetFileNameWithoutExtension(path);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = header.Format.ToString(),
            ["patient"] = header.Patient,
            ["recording"] = header.RecordingField,
            ["record_duration"] = header.RecordDuration.ToString("R", CultureInfo.InvariantCulture),
            ["record_count"] = header.RecordCount.ToString(CultureInfo.InvariantCulture),
        };
        if (header.StartTime is { } start)
            metadata["start_time"] = start.AddSeconds(scan?.FirstOnset ?? 0).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

        var streams = new List<RecordedStream>();
        var groups = header.Signals.Where(s => !s.IsAnnotation && s.SamplesPerRecord > 0)
            .GroupBy(s => s.SamplesPerRecord)
            .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key)
            .ToList();
        foreach (var group in groups)
        {
            var rate = group.Key / header.RecordDuration;
            var name = streams.Count == 0 ? stem : $"{stem} ({rate.ToString("0.###", CultureInfo.InvariantCulture)} Hz)";
            var signals = group.ToList();
            // Scaled values are not integers any more: double64 keeps every digital step exact when re-recorded.
            var description = new StreamDescription(name, StreamType(signals), Channels(signals), rate, ChannelFormat.Double64,
                sourceId: $"{header.Format}:{stem}", metadata: metadata);
            var recordSignals = signals.Select(s => new RecordSignal(s.OffsetInRecord, s.SamplesPerRecord, sampleType, s.Gain, s.Offset)).ToList();
            streams.Add(new RecordSignalStream(description, layout, recordSignals));
        }

        if (scan is not null)
        {
            var markerName = $"{stem} annotations";
            var events = scan.Annotations
                .Select(a => new MarkerEvent(a.Text, a.Onset - scan.FirstOnset, markerName) { Duration = a.Duration })
                .ToList();
            streams.Add(new MarkerListStream(MarkerListStream.Describe(markerName, metadata), events));
        }
        return new Recording(path, header.Format, streams, problems, metadata);
    }

    private static IEnumerable<ChannelInfo> Channels(IReadOnlyList<EdfSignal> signals)
    {
        var stripped = new List<string>(signals.Count);
        var types = new List<string>(signals.Count);
        foreach (var s in signals)
        {
            var (type, rest) = SplitType(s.Label);
            types.Add(type ?? DefaultType(s));
            // "EEG Fp1" -> "Fp1" only when what follows is an electrode name; "ECG ECG1" stays as it is.
            stripped.Add(type is not null && ChannelLabels.IsElectrodeName(rest) ? rest : s.Label);
        }
        var labels = ChannelLabels.NormalizeAll(stripped);
        return signals.Select((s, i) => new ChannelInfo(labels[i], types[i], s.Unit, s.Label));
    }

    private static (string? Type, string Remainder) SplitType(string label)
    {
        var space = label.IndexOf(' ');
        if (space <= 0) return (null, label);
        var prefix = label[..space].ToUpperInvariant();
        return TypePrefixes.Contains(prefix) ? (prefix == "EKG" ? "ECG" : prefix, label[(space + 1)..].Trim()) : (null, label);
    }

    private static string DefaultType(EdfSignal signal)
    {
        var label = signal.Label.ToUpperInvariant();
        if (label.Contains("STATUS") || label.Contains("TRIGGER") || label.StartsWith("STI", StringComparison.Ordinal)) return "STIM";
        return signal.Unit == "V" ? "EEG" : "MISC";
    }

    private static string StreamType(IReadOnlyList<EdfSignal> signals)
    {
        var types = Channels(signals).Select(c => c.Type).ToList();
        return types.Contains("EEG") ? "EEG" : types.GroupBy(t => t).OrderByDescending(g => g.Count()).First().Key;
    }
}
