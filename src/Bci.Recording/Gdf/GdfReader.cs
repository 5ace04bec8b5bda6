using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Bci.Core.Streams;
using Bci.Recording.IO;
using Bci.Recording.Records;
using Microsoft.Win32.SafeHandles;

namespace Bci.Recording.Gdf;

/// <summary>
/// Opens GDF 1.x and 2.x files (BioSig's General Data Format): binary headers, typed samples in records like EDF,
/// and an event table after the data whose events become markers (the value is the event code in decimal).
/// Field layouts follow the GDF specification as MNE-Python reads them.
/// </summary>
internal static class GdfReader
{
    private const int MaxSignals = 65535;

    private sealed record Signal(string Label, string Dimension, double PhysMin, double PhysMax, double DigMin, double DigMax,
        int SamplesPerRecord, int TypeCode, SampleType Type, long OffsetInRecord, double UnitFactor, string Unit);

    public static Recording Open(string path)
    {
        using var handle = FileReads.OpenRead(path);
        var fileLength = RandomAccess.GetLength(handle);
        if (fileLength < 256) throw new RecordingFormatException(path, fileLength, $"file ends inside the 256-byte fixed header ({fileLength} bytes)");
        var head = new byte[256];
        FileReads.ReadExactly(handle, path, head, 0, "the fixed header");
        var versionText = Encoding.ASCII.GetString(head, 4, 4).Trim('\0', ' ');
        if (!double.TryParse(versionText, NumberStyles.Float, CultureInfo.InvariantCulture, out var version))
            throw new RecordingFormatException(path, 4, $"GDF version '{versionText}' is not a number");
        var isV1 = version < 1.9;
        var problems = new List<RecordingProblem>();

        long headerBytes = isV1 ? BinaryPrimitives.ReadInt64LittleEndian(head.AsSpan(184)) : BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(184)) * 256L;
        var recordCountField = BinaryPrimitives.ReadInt64LittleEndian(head.AsSpan(236));
        var numerator = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(244));
        var denominator = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(248));
        long ns = isV1 ? BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(252)) : BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(252));
        if (ns > MaxSignals || 256 + ns * 256 > fileLength)
            throw new RecordingFormatException(path, 252, $"number of signals {ns} does not fit the file ({fileLength} bytes; each signal needs 256 header bytes)");
        if (headerBytes < 256 + ns * 256 || headerBytes > fileLength)
            throw new RecordingFormatException(path, 184, $"header length {headerBytes} bytes is impossible for {ns} signals in a {fileLength}-byte file");
        if (numerator == 0 || denominator == 0)
        {
            problems.Add(new RecordingProblem($"record duration {numerator}/{denominator} s is invalid; 1 s assumed (as MNE does)", 244));
            numerator = numerator == 0 ? 1 : numerator;
            denominator = denominator == 0 ? 1 : denominator;
        }
        var duration = (double)numerator / denominator;

        var signalHeader = new byte[(int)ns * 256];
        FileReads.ReadExactly(handle, path, signalHeader, 256, "the signal headers");
        var signals = ParseSignals(path, signalHeader, (int)ns, isV1);

        var recordBytes = signals.Sum(s => (long)s.SamplesPerRecord * RecordLayout.SizeOf(s.Type));
        if (recordBytes > int.MaxValue / 2)
            throw new RecordingFormatException(path, 256, $"one data record would be {recordBytes} bytes (over 1 GiB)");
        var available = recordBytes == 0 ? 0 : (fileLength - headerBytes) / recordBytes;
        long recordCount;
        if (recordCountField == -1) { recordCount = available; problems.Add(new RecordingProblem($"header record count is -1; {available} complete records found from the file size", 236)); }
        else if (recordCountField < -1) throw new RecordingFormatException(path, 236, $"number of data records is {recordCountField}");
        else if (recordCountField > available)
        {
            recordCount = available;
            problems.Add(new RecordingProblem(
                $"file is truncated: header says {recordCountField} records but only {available} are complete; data from byte {headerBytes + available * recordBytes} on is lost",
                headerBytes + available * recordBytes));
        }
        else recordCount = recordCountField;

        var stem = Path.GetFileNameWithoutExtension(path);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = $"GDF {versionText}",
            ["record_duration"] = duration.ToString("R", CultureInfo.InvariantCulture),
            ["record_count"] = recordCount.ToString(CultureInfo.InvariantCulture),
        };
        var layout = new RecordLayout(path, headerBytes, recordBytes, recordCount, duration);
        var streams = new List<RecordedStream>();
        foreach (var group in signals.Where(s => s.SamplesPerRecord > 0).GroupBy(s => s.SamplesPerRecord)
                     .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key))
        {
            var rate = group.Key / duration;
            var name = streams.Count == 0 ? stem : $"{stem} ({rate.ToString("0.###", CultureInfo.InvariantCulture)} Hz)";
            var list = group.ToList();
            var labels = ChannelLabels.NormalizeAll(list.Select(s => s.Label).ToList());
            var channels = list.Select((s, i) => new ChannelInfo(labels[i], s.Unit == "V" ? "EEG" : "MISC", s.Unit, s.Label));
            var description = new StreamDescription(name, "EEG", channels, rate, ChannelFormat.Double64, $"GDF:{stem}", metadata);
            var recordSignals = list.Select(s =>
            {
                // physical = (digital - dmin) * (pmax - pmin) / (dmax - dmin) + pmin, then into the model's unit.
                var scale = s.DigMax == s.DigMin ? 1.0 : (s.PhysMax - s.PhysMin) / (s.DigMax - s.DigMin);
                var offset = s.DigMax == s.DigMin ? 0.0 : s.PhysMin - s.DigMin * scale;
                return new RecordSignal(s.OffsetInRecord, s.SamplesPerRecord, s.Type, scale * s.UnitFactor, offset * s.UnitFactor);
            }).ToList();
            streams.Add(new RecordSignalStream(description, layout, recordSignals));
        }

        var dataRate = signals.Where(s => s.SamplesPerRecord > 0).Select(s => s.SamplesPerRecord / duration).DefaultIfEmpty(0).Max();
        var eventTableAt = headerBytes + recordCount * recordBytes;
        if (recordCount == recordCountField && eventTableAt < fileLength)
        {
            var markerName = $"{stem} events";
            var events = ReadEvents(path, handle, eventTableAt, fileLength, isV1, dataRate, markerName, problems);
            streams.Add(new MarkerListStream(MarkerListStream.Describe(markerName, metadata), events));
        }
        return new Recording(path, isV1 ? RecordingFormat.Gdf1 : RecordingFormat.Gdf2, streams, problems, metadata);
    }

    // The per-signal header fields, column by column. GDF 1 has an 8-byte dimension text and int64 digital limits;
    // GDF 2 a 6-byte text followed by a unit code, and float64 digital limits. Every other column is the same.
    private static List<Signal> ParseSignals(string path, byte[] h, int ns, bool isV1)
    {
        var signals = new List<Signal>(ns);
        long offset = 0;
        for (var i = 0; i < ns; i++)
        {
            var label = AsciiField.Text(h, 16 * i, 16);
            var dimension = isV1 ? AsciiField.Text(h, 96 * ns + 8 * i, 8) : AsciiField.Text(h, 96 * ns + 6 * i, 6);
            var physMin = BinaryPrimitives.ReadDoubleLittleEndian(h.AsSpan(104 * ns + 8 * i));
            var physMax = BinaryPrimitives.ReadDoubleLittleEndian(h.AsSpan(112 * ns + 8 * i));
            double digMin = isV1 ? BinaryPrimitives.ReadInt64LittleEndian(h.AsSpan(120 * ns + 8 * i)) : BinaryPrimitives.ReadDoubleLittleEndian(h.AsSpan(120 * ns + 8 * i));
            double digMax = isV1 ? BinaryPrimitives.ReadInt64LittleEndian(h.AsSpan(128 * ns + 8 * i)) : BinaryPrimitives.ReadDoubleLittleEndian(h.AsSpan(128 * ns + 8 * i));
            var spr = BinaryPrimitives.ReadInt32LittleEndian(h.AsSpan(216 * ns + 4 * i));
            var typeCode = BinaryPrimitives.ReadInt32LittleEndian(h.AsSpan(220 * ns + 4 * i));
            var (factor, unit) = isV1 ? PhysicalUnits.ToModel(dimension) : UnitFromCode(BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(102 * ns + 2 * i)), dimension);
            signals.Add(Make(path, i, label, dimension, physMin, physMax, digMin, digMax, spr, typeCode, ref offset, factor, unit, 256 + 216L * ns + 4 * i));
        }
        return signals;
    }

    private static Signal Make(string path, int i, string label, string dimension, double physMin, double physMax, double digMin, double digMax,
        int spr, int typeCode, ref long offset, double factor, string unit, long sprFieldOffset)
    {
        if (spr < 0 || spr > int.MaxValue / 8)
            throw new RecordingFormatException(path, sprFieldOffset, $"signal {i + 1} '{label}' has {spr} samples per record");
        if (!double.IsFinite(physMin) || !double.IsFinite(physMax) || !double.IsFinite(digMin) || !double.IsFinite(digMax))
            throw new RecordingFormatException(path, 256, $"signal {i + 1} '{label}' has a non-finite physical or digital range");
        var type = typeCode switch
        {
            1 => SampleType.Int8, 2 => SampleType.UInt8, 3 => SampleType.Int16, 4 => SampleType.UInt16,
            5 => SampleType.Int32, 6 => SampleType.UInt32, 7 => SampleType.Int64, 8 => SampleType.UInt64,
            16 => SampleType.Float32, 17 => SampleType.Float64,
            _ => throw new RecordingFormatException(path, sprFieldOffset + 4L * 0 + 4, $"signal {i + 1} '{label}' has GDF data type {typeCode}, which is not supported"),
        };
        var signal = new Signal(label, dimension, physMin, physMax, digMin, digMax, spr, typeCode, type, offset, factor, unit);
        offset += (long)spr * RecordLayout.SizeOf(type);
        return signal;
    }

    // GDF 2 codes a unit as (unit << 5 | decimal prefix); 4256 is volts (the only kind the model rescales).
    private static (double Factor, string Unit) UnitFromCode(ushort code, string dimension)
    {
        if ((code & 0xFFE0) == 4256)
        {
            double? prefix = (code & 0x1F) switch
            {
                0 => 1, 16 => 1e-1, 17 => 1e-2, 18 => 1e-3, 19 => 1e-6, 20 => 1e-9, 21 => 1e-12, 3 => 1e3, 4 => 1e6,
                _ => null,
            };
            if (prefix is { } f) return (f, "V");
        }
        return code == 0 ? PhysicalUnits.ToModel(dimension) : (1.0, dimension.Length > 0 ? dimension : $"code {code}");
    }

    private static List<MarkerEvent> ReadEvents(string path, SafeFileHandle handle, long at, long fileLength, bool isV1, double dataRate,
        string markerName, List<RecordingProblem> problems)
    {
        var events = new List<MarkerEvent>();
        Span<byte> head = stackalloc byte[8];
        if (FileReads.ReadAtMost(handle, head, at) < 8)
        {
            problems.Add(new RecordingProblem("event table header is cut off; no events read", at));
            return events;
        }
        var mode = head[0];
        long count;
        double eventRate;
        if (isV1)
        {
            eventRate = head[1] | head[2] << 8 | head[3] << 16;
            count = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        }
        else
        {
            count = head[1] | head[2] << 8 | head[3] << 16;
            eventRate = BinaryPrimitives.ReadSingleLittleEndian(head[4..]);
        }
        if (mode is not (1 or 3))
        {
            problems.Add(new RecordingProblem($"event table mode {mode} is not 1 or 3; events not read", at));
            return events;
        }
        var perEvent = mode == 3 ? 12L : 6L;
        if (count * perEvent > fileLength - at - 8)
        {
            problems.Add(new RecordingProblem($"event table claims {count} events but the file holds only {(fileLength - at - 8) / perEvent}; events not read", at + 1));
            return events;
        }
        var table = new byte[count * perEvent];
        FileReads.ReadExactly(handle, path, table, at + 8, "the event table");
        // MNE times events on the data's rate; GDF positions are 1-based samples.
        var rate = dataRate > 0 ? dataRate : eventRate;
        if (rate <= 0)
        {
            problems.Add(new RecordingProblem("neither data nor event table give a sampling rate; events not timed", at));
            return events;
        }
        for (var i = 0; i < count; i++)
        {
            var position = BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(4 * i));
            var type = BinaryPrimitives.ReadUInt16LittleEndian(table.AsSpan((int)(4 * count + 2 * i)));
            var duration = mode == 3 ? BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan((int)(8 * count + 4 * i))) : 0u;
            events.Add(new MarkerEvent(type.ToString(CultureInfo.InvariantCulture), (position - 1.0) / rate, markerName) { Duration = duration / rate });
        }
        return events;
    }
}
