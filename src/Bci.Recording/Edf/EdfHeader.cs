using System.Globalization;
using Bci.Recording.IO;
using Microsoft.Win32.SafeHandles;

namespace Bci.Recording.Edf;

/// <summary>
/// The header of an EDF, EDF+, BDF or BDF+ file, validated against the file's length so that no field can make a
/// reader allocate or seek beyond what the file holds.
/// </summary>
internal sealed class EdfHeader
{
    private const int FixedLength = 256;
    private const int MaxSignals = 65535;

    public required string Path { get; init; }
    public required bool IsBdf { get; init; }
    public required bool IsPlus { get; init; }
    public required bool IsDiscontinuous { get; init; }
    public required string Patient { get; init; }
    public required string RecordingField { get; init; }
    public required DateTime? StartTime { get; init; }
    public required long HeaderBytes { get; init; }
    public required long RecordCount { get; init; }
    public required double RecordDuration { get; init; }
    public required long RecordBytes { get; init; }
    public required long FileLength { get; init; }
    public required IReadOnlyList<EdfSignal> Signals { get; init; }
    public required IReadOnlyList<RecordingProblem> Problems { get; init; }

    public int BytesPerSample => IsBdf ? 3 : 2;

    public RecordingFormat Format => (IsBdf, IsPlus) switch
    {
        (false, false) => RecordingFormat.Edf,
        (false, true) => RecordingFormat.EdfPlus,
        (true, false) => RecordingFormat.Bdf,
        (true, true) => RecordingFormat.BdfPlus,
    };

    public long RecordOffset(long record) => HeaderBytes + record * RecordBytes;

    public static EdfHeader Read(string path, SafeFileHandle handle)
    {
        var fileLength = RandomAccess.GetLength(handle);
        if (fileLength < FixedLength)
            throw new RecordingFormatException(path, fileLength, $"file ends inside the {FixedLength}-byte fixed header ({fileLength} bytes)");
        var fixedPart = new byte[FixedLength];
        FileReads.ReadExactly(handle, path, fixedPart, 0, "the fixed header");

        var isBdf = fixedPart[0] == 0xFF;
        if (!isBdf && fixedPart[0] != (byte)'0')
            throw new RecordingFormatException(path, 0, "version field is neither EDF's '0' nor BDF's 0xFF 'BIOSEMI'");

        var problems = new List<RecordingProblem>();
        var reserved = AsciiField.Text(fixedPart, 192, 44);
        var isPlus = reserved.StartsWith("EDF+", StringComparison.Ordinal) || reserved.StartsWith("BDF+", StringComparison.Ordinal);
        var isDiscontinuous = isPlus && reserved.Length >= 5 && reserved[4] == 'D';

        var signalCount = AsciiField.Integer(path, fixedPart, 252, 4, 0, "number of signals");
        if (signalCount < 0 || signalCount > MaxSignals || FixedLength + signalCount * 256 > fileLength)
            throw new RecordingFormatException(path, 252,
                $"number of signals {signalCount} does not fit the file ({fileLength} bytes; each signal needs 256 header bytes)");
        var ns = (int)signalCount;

        var headerBytesField = AsciiField.Integer(path, fixedPart, 184, 8, 0, "number of header bytes");
        var headerBytes = FixedLength + 256L * ns;
        if (headerBytesField != headerBytes)
            problems.Add(new RecordingProblem($"header length field says {headerBytesField} bytes but {ns} signals make {headerBytes}; using {headerBytes}", 184));

        var recordCountField = AsciiField.Integer(path, fixedPart, 236, 8, 0, "number of data records");
        var duration = AsciiField.Number(path, fixedPart, 244, 8, 0, "duration of a data record");
        if (duration < 0)
            throw new RecordingFormatException(path, 244, $"duration of a data record is {duration} s (negative)");

        var signalHeader = new byte[256 * ns];
        FileReads.ReadExactly(handle, path, signalHeader, FixedLength, "the signal headers");
        var signals = ParseSignals(path, signalHeader, ns, isBdf, isPlus, problems);

        var recordBytes = signals.Sum(s => (long)s.SamplesPerRecord) * (isBdf ? 3 : 2);
        if (recordBytes > int.MaxValue / 2)
            throw new RecordingFormatException(path, FixedLength, $"one data record would be {recordBytes} bytes (over 1 GiB)");
        var dataBytes = fileLength - headerBytes;
        long recordCount;
        if (recordBytes == 0)
        {
            if (signals.Count > 0)
                problems.Add(new RecordingProblem("data records hold no samples", 256));
            recordCount = 0;
        }
        else
        {
            var complete = dataBytes / recordBytes;
            var leftover = dataBytes % recordBytes;
            if (recordCountField == -1)
            {
                recordCount = complete;
                problems.Add(new RecordingProblem($"header record count is -1 (recording not closed); {complete} complete records found from the file size", 236));
                if (leftover != 0)
                    problems.Add(new RecordingProblem($"file ends inside record {complete} ({leftover} of {recordBytes} bytes present); that record is ignored", headerBytes + complete * recordBytes));
            }
            else if (recordCountField < -1)
            {
                throw new RecordingFormatException(path, 236, $"number of data records is {recordCountField}");
            }
            else if (recordCountField > complete)
            {
                recordCount = complete;
                problems.Add(new RecordingProblem(
                    $"file is truncated: header says {recordCountField} records but only {complete} are complete; data from byte {headerBytes + complete * recordBytes} on is lost",
                    headerBytes + complete * recordBytes));
            }
            else
            {
                recordCount = recordCountField;
                if (recordCountField < complete || leftover != 0)
                    problems.Add(new RecordingProblem($"{dataBytes - recordCountField * recordBytes} bytes after the last of {recordCountField} records are ignored",
                        headerBytes + recordCountField * recordBytes));
            }
        }

        if (duration == 0 && signals.Any(s => !s.IsAnnotation && s.SamplesPerRecord > 0))
            throw new RecordingFormatException(path, 244, "duration of a data record is 0 but the file has data signals (their rate would be infinite)");

        return new EdfHeader
        {
            Path = path,
            IsBdf = isBdf,
            IsPlus = isPlus,
            IsDiscontinuous = isDiscontinuous,
            Patient = AsciiField.Text(fixedPart, 8, 80),
            RecordingField = AsciiField.Text(fixedPart, 88, 80),
            StartTime = ParseStart(AsciiField.Text(fixedPart, 168, 8), AsciiField.Text(fixedPart, 176, 8), problems),
            HeaderBytes = headerBytes,
            RecordCount = recordCount,
            RecordDuration = duration,
            RecordBytes = recordBytes,
            FileLength = fileLength,
            Signals = signals,
            Problems = problems,
        };
    }

    private static List<EdfSignal> ParseSignals(string path, byte[] h, int ns, bool isBdf, bool isPlus, List<RecordingProblem> problems)
    {
        // Fields are stored field-major: all labels, then all transducers, ...
        long at = 0;
        int Field(int width) { var start = (int)at; at += (long)width * ns; return start; }
        var labelAt = Field(16); var transducerAt = Field(80); var dimensionAt = Field(8);
        var physMinAt = Field(8); var physMaxAt = Field(8); var digMinAt = Field(8); var digMaxAt = Field(8);
        var prefilterAt = Field(80); var samplesAt = Field(8);

        var signals = new List<EdfSignal>(ns);
        long offsetInRecord = 0;
        var bytesPerSample = isBdf ? 3 : 2;
        for (var i = 0; i < ns; i++)
        {
            var label = AsciiField.Text(h, labelAt + 16 * i, 16);
            var isAnnotation = isPlus && (label == "EDF Annotations" || label == "BDF Annotations");
            var dimension = AsciiField.Text(h, dimensionAt + 8 * i, 8);
            var spr = AsciiField.Integer(path, h, samplesAt + 8 * i, 8, FixedLength, $"samples per record of signal {i + 1} '{label}'");
            if (spr < 0 || spr > int.MaxValue / 4)
                throw new RecordingFormatException(path, FixedLength + samplesAt + 8 * i, $"signal {i + 1} '{label}' has {spr} samples per record");
            var physMin = AsciiField.Number(path, h, physMinAt + 8 * i, 8, FixedLength, $"physical minimum of signal {i + 1} '{label}'");
            var physMax = AsciiField.Number(path, h, physMaxAt + 8 * i, 8, FixedLength, $"physical maximum of signal {i + 1} '{label}'");
            var digMin = AsciiField.Number(path, h, digMinAt + 8 * i, 8, FixedLength, $"digital minimum of signal {i + 1} '{label}'");
            var digMax = AsciiField.Number(path, h, digMaxAt + 8 * i, 8, FixedLength, $"digital maximum of signal {i + 1} '{label}'");

            var (unitFactor, unit) = PhysicalUnits.ToModel(dimension);
            double gain, offset;
            if (digMax == digMin)
            {
                if (!isAnnotation)
                    problems.Add(new RecordingProblem($"signal {i + 1} '{label}': digital minimum equals maximum ({digMin}); values left unscaled", FixedLength + digMinAt + 8 * i));
                gain = unitFactor;
                offset = 0;
            }
            else
            {
                // physical = (digital - dmin) * (pmax - pmin) / (dmax - dmin) + pmin, then into volts.
                var scale = (physMax - physMin) / (digMax - digMin);
                gain = scale * unitFactor;
                offset = (physMin - digMin * scale) * unitFactor;
            }

            signals.Add(new EdfSignal
            {
                Index = i,
                Label = label,
                Transducer = AsciiField.Text(h, transducerAt + 80 * i, 80),
                PhysicalDimension = dimension,
                PhysicalMinimum = physMin,
                PhysicalMaximum = physMax,
                DigitalMinimum = digMin,
                DigitalMaximum = digMax,
                Prefilter = AsciiField.Text(h, prefilterAt + 80 * i, 80),
                SamplesPerRecord = (int)spr,
                OffsetInRecord = offsetInRecord,
                IsAnnotation = isAnnotation,
                Gain = gain,
                Offset = offset,
                Unit = unit,
            });
            offsetInRecord += spr * bytesPerSample;
        }
        return signals;
    }

    private static DateTime? ParseStart(string date, string time, List<RecordingProblem> problems)
    {
        if (DateTime.TryParseExact(date + " " + time, "dd.MM.yy HH.mm.ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            // EDF's two-digit years: 85-99 are 1985-1999, 00-84 are 2000-2084 (the spec's clipping rule).
            var yy = parsed.Year % 100;
            var year = yy >= 85 ? 1900 + yy : 2000 + yy;
            return new DateTime(year, parsed.Month, parsed.Day, parsed.Hour, parsed.Minute, parsed.Second, DateTimeKind.Unspecified);
        }
        problems.Add(new RecordingProblem($"start date/time '{date} {time}' is not dd.mm.yy hh.mm.ss", 168));
        return null;
    }
}
