using Bci.Core.Streams;
using Bci.Recording.Tests.Support;

namespace Bci.Recording.Tests;

public sealed class EdfReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static EdfFileBuilder TwoChannels(bool bdf = false, int records = 3) => new()
    {
        Bdf = bdf,
        Records = records,
        Signals =
        {
            ("Fc5.", 4, "uV", -100, 100, -1000, 1000),
            ("EEG Cz", 4, "mV", -1, 1, -1000, 1000),
        },
    };

    [Fact]
    public void Edf_ValuesAreScaledToVolts_AndLabelsNormalisedWithOriginalKept()
    {
        var path = TwoChannels().WriteTo(_dir.Path, "a.edf");
        var recording = RecordingReader.Open(path);

        Assert.Equal(RecordingFormat.Edf, recording.Format);
        var stream = Assert.Single(recording.Streams);
        Assert.Equal(["FC5", "Cz"], stream.Description.Channels.Select(c => c.Label));
        Assert.Equal(["Fc5.", "EEG Cz"], stream.Description.Channels.Select(c => c.OriginalLabel));
        Assert.All(stream.Description.Channels, c => Assert.Equal("V", c.Unit));
        Assert.Equal(4.0, stream.Description.NominalRate);
        Assert.Equal(12, stream.SampleCount);

        var chunks = stream.ReadChunks().ToList();
        var all = chunks.SelectMany(c => c.Values.ToArray()).ToArray();
        var times = chunks.SelectMany(c => c.Timestamps.ToArray()).ToArray();
        Assert.Equal(24, all.Length);
        // digital (r*100+i)%1000-500; channel 0: 0.1 uV per digital step; channel 1: 1 uV per step.
        for (var r = 0; r < 3; r++)
            for (var i = 0; i < 4; i++)
            {
                var digital = (r * 100 + i) % 1000 - 500;
                var s = r * 4 + i;
                Assert.Equal(digital * 0.1e-6, all[s * 2], 15);
                Assert.Equal(digital * 1e-6, all[s * 2 + 1], 15);
                Assert.Equal(s / 4.0, times[s], 12);
            }
    }

    [Fact]
    public void Bdf_Reads24BitSignedSamples()
    {
        var builder = new EdfFileBuilder
        {
            Bdf = true,
            Records = 2,
            Signals = { ("A1", 3, "uV", -262144, 262143, -8388608, 8388607) },
            Digital = (s, r, i) => (r, i) switch { (0, 0) => -8388608, (0, 1) => 8388607, (0, 2) => -1, _ => 1000 * i },
        };
        var stream = Assert.Single(RecordingReader.Open(builder.WriteTo(_dir.Path, "b.bdf")).Streams);
        var values = stream.ReadChunks().SelectMany(c => c.Values.ToArray()).ToArray();
        var gain = (262143.0 + 262144) / (8388607.0 + 8388608) * 1e-6;
        var offset = (-262144 - -8388608 * (262143.0 + 262144) / (8388607.0 + 8388608)) * 1e-6;
        Assert.Equal(-8388608 * gain + offset, values[0], 12);
        Assert.Equal(8388607 * gain + offset, values[1], 12);
        Assert.Equal(-1 * gain + offset, values[2], 12);
        Assert.Equal(2000 * gain + offset, values[5], 12);
    }

    [Fact]
    public void RecordCountMinusOne_IsResolvedFromFileSize_AndReported()
    {
        var path = new EdfFileBuilder { Bdf = true, Records = 5, RecordCountField = -1, Signals = { ("A1", 8, "uV", -100, 100, -100, 100) } }
            .WriteTo(_dir.Path, "open.bdf");
        var recording = RecordingReader.Open(path);
        Assert.Equal(40, recording.Streams[0].SampleCount);
        Assert.Contains(recording.Problems, p => p.Message.Contains("-1") && p.ByteOffset == 236);
    }

    [Fact]
    public void TruncatedFile_SalvagesCompleteRecords_AndSaysWhereDataWasLost()
    {
        var bytes = TwoChannels(records: 10).Build();
        var path = _dir.File("cut.edf");
        var recordBytes = 2 * 4 * 2;
        var header = 3 * 256;
        File.WriteAllBytes(path, bytes[..(header + 6 * recordBytes + 5)]);

        var recording = RecordingReader.Open(path);
        var stream = recording.Streams[0];
        Assert.Equal(24, stream.SampleCount);
        Assert.Equal(24, stream.ReadChunks().Sum(c => c.SampleCount));
        var problem = Assert.Single(recording.Problems);
        Assert.Equal(header + 6 * recordBytes, problem.ByteOffset);
        Assert.Contains("truncated", problem.Message);
    }

    [Fact]
    public void AbsurdSignalCount_IsAFormatErrorAtItsField_NotAnAllocation()
    {
        var bytes = TwoChannels().Build();
        "9999".Select((ch, i) => bytes[252 + i] = (byte)ch).ToList();
        var path = _dir.File("absurd.edf");
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<RecordingFormatException>(() => RecordingReader.Open(path));
        Assert.Equal(252, error.ByteOffset);
        Assert.Contains("absurd.edf", error.Message);
    }

    [Fact]
    public void AbsurdSamplesPerRecord_IsAFormatError()
    {
        var bytes = TwoChannels().Build();
        var field = 256 + 2 * (16 + 80 + 8 + 8 + 8 + 8 + 8 + 80);
        "99999999".Select((ch, i) => bytes[field + i] = (byte)ch).ToList();
        var path = _dir.File("spr.edf");
        File.WriteAllBytes(path, bytes);
        // The record no longer fits in the file: no complete record, nothing allocated for it.
        var recording = RecordingReader.Open(path);
        Assert.Equal(0, recording.Streams.Sum(s => s.SampleCount));
        Assert.Contains(recording.Problems, p => p.Message.Contains("truncated"));
    }

    [Fact]
    public void NonNumericField_NamesFieldAndOffset()
    {
        var bytes = TwoChannels().Build();
        "abc     ".Select((ch, i) => bytes[244 + i] = (byte)ch).ToList();
        var path = _dir.File("dur.edf");
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<RecordingFormatException>(() => RecordingReader.Open(path));
        Assert.Equal(244, error.ByteOffset);
        Assert.Contains("duration", error.Reason);
    }

    [Fact]
    public void EdfPlus_AnnotationsBecomeMarkersWithDurations_TimedFromFirstRecord()
    {
        var builder = new EdfFileBuilder
        {
            Reserved = "EDF+C",
            Records = 3,
            RecordDuration = 2,
            Signals = { ("C3", 4, "uV", -100, 100, -100, 100), ("EDF Annotations", 30, "", -1, 1, -32768, 32767) },
            Annotations = r => r switch
            {
                0 => "+0.5\u0014\u0014\0+1.5\u00151.25\u0014T1\u0014\0",
                1 => "+2.5\u0014\u0014\0+3\u0014T2\u0014rest\u0014\0",
                _ => "+4.5\u0014\u0014\0",
            },
        };
        var recording = RecordingReader.Open(builder.WriteTo(_dir.Path, "plus.edf"));
        Assert.Equal(RecordingFormat.EdfPlus, recording.Format);
        var markers = recording.ReadAllMarkers();
        Assert.Equal(["T1", "T2", "rest"], markers.Select(m => m.Value));
        Assert.Equal([1.0, 2.5, 2.5], markers.Select(m => m.Timestamp));
        Assert.Equal(1.25, markers[0].Duration);
        Assert.StartsWith("2020-02-01T03:04:05.5", recording.Metadata["start_time"]);
        Assert.Equal(12, recording.SignalStreams.Single().SampleCount);
    }

    [Fact]
    public void EdfPlusDiscontinuous_TimestampsFollowTheRecordOnsets()
    {
        var builder = new EdfFileBuilder
        {
            Reserved = "EDF+D",
            Records = 3,
            Signals = { ("C3", 2, "uV", -100, 100, -100, 100), ("EDF Annotations", 10, "", -1, 1, -32768, 32767) },
            Annotations = r => $"+{new[] { 0, 1, 10 }[r]}\u0014\u0014\0",
        };
        var stream = RecordingReader.Open(builder.WriteTo(_dir.Path, "d.edf")).SignalStreams.Single();
        var times = stream.ReadChunks().SelectMany(c => c.Timestamps.ToArray()).ToArray();
        Assert.Equal([0, 0.5, 1, 1.5, 10, 10.5], times);
    }

    [Fact]
    public void SignalsWithDifferentRates_BecomeOneStreamPerRate()
    {
        var builder = new EdfFileBuilder
        {
            Records = 2,
            RecordDuration = 10,
            Signals = { ("fast", 1000, "V", -5, 5, -32768, 32767), ("slow", 128, "uV", -1, 1, -32768, 32767) },
        };
        var recording = RecordingReader.Open(builder.WriteTo(_dir.Path, "uneven.edf"));
        Assert.Equal([100.0, 12.8], recording.SignalStreams.Select(s => s.Description.NominalRate));
        Assert.Equal([2000L, 256L], recording.SignalStreams.Select(s => s.SampleCount));
    }

    [Fact]
    public void ChunksRespectTheirMaximumSize()
    {
        var path = TwoChannels(records: 5).WriteTo(_dir.Path, "chunks.edf");
        var stream = RecordingReader.Open(path).Streams[0];
        var sizes = stream.ReadChunks(maxChunkSamples: 3).Select(c => c.SampleCount).ToList();
        Assert.All(sizes, n => Assert.InRange(n, 1, 3));
        Assert.Equal(20, sizes.Sum());
        var reference = stream.ReadChunks().SelectMany(c => c.Values.ToArray());
        Assert.Equal(reference, stream.ReadChunks(maxChunkSamples: 3).SelectMany(c => c.Values.ToArray()));
        // Any maximum is allowed: chunks are then as large as the reader reads at once.
        Assert.Equal(reference, stream.ReadChunks(maxChunkSamples: int.MaxValue).SelectMany(c => c.Values.ToArray()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ChannelMajorRanges_EqualTheChunks_FromAnySample(bool bdf)
    {
        var path = TwoChannels(bdf, records: 5).WriteTo(_dir.Path, bdf ? "ranges.bdf" : "ranges.edf");
        var stream = RecordingReader.Open(path).Streams[0];
        var chunks = stream.ReadChunks().SelectMany(c => c.Values.ToArray()).ToArray();
        foreach (var (first, count) in new[] { (0, 20), (3, 9), (5, 1), (19, 1), (4, 4), (7, 0) })
        {
            var rows = new double[2 * count];
            var singles = new float[2 * count];
            stream.ReadChannels(first, count, rows);
            stream.ReadChannels(first, count, singles);
            for (var c = 0; c < 2; c++)
                for (var i = 0; i < count; i++)
                {
                    Assert.Equal(chunks[(first + i) * 2 + c], rows[c * count + i]);
                    Assert.Equal((float)chunks[(first + i) * 2 + c], singles[c * count + i]);
                }
        }
    }

    [Fact]
    public void ChannelMajorRead_OverSeveralCores_EqualsTheChunks()
    {
        // 32 channels x 512 samples x 600 records: 19.7 MB, read in parts on every core (up to 2 parts of >= 8 MB).
        var builder = new EdfFileBuilder { Records = 600, Digital = (s, r, i) => (s * 7919 + r * 104729 + i * 31) % 65536 - 32768 };
        for (var c = 0; c < 32; c++) builder.Signals.Add(($"EEG{c}", 512, "uV", -3276.8, 3276.7, -32768, 32767));
        var stream = RecordingReader.Open(builder.WriteTo(_dir.Path, "large.edf")).Streams[0];
        var rows = stream.ReadAllChannels();
        var n = (int)stream.SampleCount;
        var index = 0;
        foreach (var chunk in stream.ReadChunks())
            for (var s = 0; s < chunk.SampleCount; s++, index++)
                for (var c = 0; c < 32; c++)
                    if (chunk[s, c] != rows[c * n + index]) Assert.Fail($"channel {c} sample {index}: {rows[c * n + index]} channel-major, {chunk[s, c]} in the chunks");
        Assert.Equal(n, index);
    }

    [Fact]
    public void ChannelMajorRead_RefusesRangesOutsideTheStream_AndShortDestinations()
    {
        var stream = RecordingReader.Open(TwoChannels().WriteTo(_dir.Path, "bad-range.edf")).Streams[0];
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.ReadChannels(10, 3, new double[6]));
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.ReadChannels(-1, 3, new double[6]));
        Assert.Throws<ArgumentException>(() => stream.ReadChannels(0, 3, new double[5]));
    }

    [Fact]
    public void UnknownFile_IsAFormatErrorNamingTheStart()
    {
        var path = _dir.File("x.bin");
        File.WriteAllText(path, "hello world");
        var error = Assert.Throws<RecordingFormatException>(() => RecordingReader.Open(path));
        Assert.Equal(0, error.ByteOffset);
        Assert.Contains("hello wo", error.Message);
    }

    [Theory]
    [InlineData("Fc5.", "FC5")]
    [InlineData("Fcz.", "FCz")]
    [InlineData("Fp1.", "Fp1")]
    [InlineData("Fpz.", "Fpz")]
    [InlineData("Iz..", "Iz")]
    [InlineData("T10.", "T10")]
    [InlineData("Afz.", "AFz")]
    [InlineData("Poz.", "POz")]
    [InlineData("C3..", "C3")]
    [InlineData("Status", "Status")]
    [InlineData("sine 8 Hz", "sine 8 Hz")]
    public void Labels_AreNormalisedToTenTwenty(string original, string expected) =>
        Assert.Equal(expected, ChannelLabels.Normalize(original));
}
