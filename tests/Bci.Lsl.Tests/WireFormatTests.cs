using Bci.Core.Streams;
using Bci.Lsl.Wire;

namespace Bci.Lsl.Tests;

/// <summary>
/// Byte-exact checks against what a real liblsl 1.17.7 put on the wire (packet captures quoted in
/// ../shared/docs/lsl-protocol.md §9.4, §3.6), not against our own encoder.
/// </summary>
public sealed class WireFormatTests
{
    private const string Ts = "02c976be9f0c24fe40";

    [Theory]
    [InlineData(ChannelFormat.Float32, "00008040 0000a0c0 0000c040 0000e0c0", "00000040 000040c0 00008040 0000a0c0")]
    [InlineData(ChannelFormat.Double64, "0000005000007041 00000060000070c1 0000007000007041 00000080000070c1", "0000003000007041 00000040000070c1 0000005000007041 00000060000070c1")]
    [InlineData(ChannelFormat.Int8, "05 fa 07 f8", "03 fc 05 fa")]
    [InlineData(ChannelFormat.Int16, "0501 fafe 0701 f8fe", "0301 fcfe 0501 fafe")]
    [InlineData(ChannelFormat.Int32, "05000100 fafffeff 07000100 f8fffeff", "03000100 fcfffeff 05000100 fafffeff")]
    [InlineData(ChannelFormat.Int64, "0500008000000000 faffff7fffffffff 0700008000000000 f8ffff7fffffffff", "0300008000000000 fcffff7fffffffff 0500008000000000 faffff7fffffffff")]
    public void TestPatterns_MatchLiblslBytes(ChannelFormat format, string first, string second)
    {
        Assert.Equal(Hex(Ts + first), TestPatterns.Encode(format, 4, 4));
        Assert.Equal(Hex(Ts + second), TestPatterns.Encode(format, 4, 2));
    }

    [Fact]
    public void StringTestPattern_MatchesLiblslBytes_AndIgnoresOffset()
    {
        var expected = Hex(Ts + "0102" + Ascii("10") + "0103" + Ascii("-11") + "0102" + Ascii("12") + "0103" + Ascii("-13"));
        Assert.Equal(expected, TestPatterns.Encode(ChannelFormat.String, 4, 4));
        Assert.Equal(expected, TestPatterns.Encode(ChannelFormat.String, 4, 2));
    }

    [Fact]
    public void LongString_UsesFourByteLength_AsLiblsl()
    {
        var text = new string('x', 300);
        var buffer = new byte[SampleWriter.StringSampleSize([text])];
        SampleWriter.WriteString(buffer, 1.0, [text]);
        Assert.Equal(Hex("042c010000"), buffer[9..14]);
        Assert.Equal(9 + 5 + 300, buffer.Length);
    }

    [Fact]
    public void Protocol100_Integers_MatchBoostPortableArchive()
    {
        Assert.Equal(Hex("020501"), Integer(261, 2));
        Assert.Equal(Hex("fefafe"), Integer(-262, 2));
        Assert.Equal(Hex("fffa"), Integer(-6, 1));
        Assert.Equal(Hex("03050001"), Integer(65541, 4));
        Assert.Equal(Hex("0405000080"), Integer(2147483653, 8));
        Assert.Equal(Hex("fcfaffff7f"), Integer(-2147483654, 8));
        Assert.Equal(Hex("00"), Integer(0, 4));
    }

    [Fact]
    public void Protocol100_Float32Sample_MatchesLiblslBytes()
    {
        using var output = new MemoryStream();
        new Archive100Writer(ChannelFormat.Float32, 4).Transcode(TestPatterns.Encode(ChannelFormat.Float32, 4, 4), output);
        Assert.Equal(Hex("0000 0102 08c976be9f0c24fe40 0400008040 040000a0c0 040000c040 040000e0c0"), output.ToArray());
    }

    [Fact]
    public void Protocol100_Int16Samples_MatchLiblslCapture()
    {
        // §3.6: int16, 3 channels: both test patterns, then a sample with explicit time and values 0, 1, 2.
        using var output = new MemoryStream();
        var writer = new Archive100Writer(ChannelFormat.Int16, 3);
        writer.Transcode(TestPatterns.Encode(ChannelFormat.Int16, 3, 4), output);
        writer.Transcode(TestPatterns.Encode(ChannelFormat.Int16, 3, 2), output);
        Assert.Equal(Hex("0000 0102 08c976be9f0c24fe40 020501 fefafe 020701 0102 08c976be9f0c24fe40 020301 fefcfe 020501"), output.ToArray());
    }

    [Fact]
    public void SampleReader_DeducesTimestamps_ForRegularAndIrregularStreams()
    {
        // §9.5: a 5-sample push_chunk of 2 channels at 100 Hz: one explicit stamp then four tag-1 samples.
        var bytes = Hex("0286fc82c994688e40 00000000 0000803f 01 00002041 00003041 01 00000000 00000000");
        var reader = new SampleReader(new MemoryStream(bytes), ChannelFormat.Float32, 2, 100, bigEndian: false);
        var values = new byte[8];
        var t0 = reader.ReadNumeric(values);
        var t1 = reader.ReadNumeric(values);
        Assert.Equal(10f, BitConverter.ToSingle(values, 0));
        Assert.Equal(t0 + 0.01, t1, 12);
        Assert.Equal(t1 + 0.01, reader.ReadNumeric(values), 12);
        var irregular = new SampleReader(new MemoryStream(bytes), ChannelFormat.Float32, 2, 0, bigEndian: false);
        var s0 = irregular.ReadNumeric(values);
        Assert.Equal(s0, irregular.ReadNumeric(values));
    }

    [Fact]
    public void NumericBatchReader_ReadsTheSameAsSampleReader_EvenOneByteAtATime()
    {
        // The same §9.5 capture, delivered one byte per read: samples split across reads are reassembled.
        var bytes = Hex("0286fc82c994688e40 00000000 0000803f 01 00002041 00003041 01 00000000 00000000");
        var batch = new NumericBatchReader(new TrickleStream(bytes), ChannelFormat.Float32, 2, 100, bigEndian: false, previousTimestamp: 0);
        var stamps = new double[8];
        var offsets = new int[8];
        var reference = new SampleReader(new MemoryStream(bytes), ChannelFormat.Float32, 2, 100, bigEndian: false);
        var expected = new byte[8];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, batch.Read(stamps, offsets));
            Assert.Equal(reference.ReadNumeric(expected), stamps[0]);
            Assert.Equal(expected, batch.Buffer.AsSpan(offsets[0], 8).ToArray());
        }
        var error = Assert.Throws<EndOfStreamException>(() => batch.Read(stamps, offsets));
        Assert.Contains("after 35 bytes", error.Message);
    }

    [Fact]
    public void NumericBatchReader_SwapsBigEndianPeers_AndReturnsEveryBufferedSample()
    {
        // Two int16 samples from a big-endian outlet: explicit stamp 1.0 then a deduced one at 10 Hz.
        var bytes = Hex("02 3ff0000000000000 0102 fffe 01 0304 8000");
        var batch = new NumericBatchReader(new MemoryStream(bytes), ChannelFormat.Int16, 2, 10, bigEndian: true, previousTimestamp: 0);
        var stamps = new double[8];
        var offsets = new int[8];
        Assert.Equal(2, batch.Read(stamps, offsets));
        Assert.Equal([1.0, 1.1], stamps[..2]);
        Assert.Equal(Hex("0201 feff"), batch.Buffer.AsSpan(offsets[0], 4).ToArray());
        Assert.Equal(Hex("0403 0080"), batch.Buffer.AsSpan(offsets[1], 4).ToArray());
    }

    /// <summary>A stream that hands out one byte per read, like a connection delivering a sample in pieces.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(1, count));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(1, buffer.Length)]);
    }

    [Fact]
    public void SampleReader_TruncatedInput_SaysWhereItEnded()
    {
        var reader = new SampleReader(new MemoryStream(Hex(Ts + "0000")), ChannelFormat.Float32, 4, 100, bigEndian: false);
        var error = Assert.Throws<EndOfStreamException>(() => reader.ReadNumeric(new byte[16]));
        Assert.Contains("in the middle of a sample", error.Message);
    }

    [Fact]
    public void FeedRequest_ParsesLiblslInletHeader()
    {
        var request = FeedRequest.Parse110("LSL:streamfeed/110 00e755b2-ab31-4f58-bc02-02c6031072e8",
            ["Native-Byte-Order: 1234", "Endian-Performance: 3.2064e+06", "Has-IEEE754-Floats: 1", "Supports-Subnormals: 1",
             "Value-Size: 4", "Data-Protocol-Version: 110", "Max-Buffer-Length: 90000", "Max-Chunk-Length: 0", "Hostname: vm",
             "Source-Id: WireF32_src", "Session-Id: default"]);
        Assert.Equal(110, request.Version);
        Assert.Equal("00e755b2-ab31-4f58-bc02-02c6031072e8", request.Uid);
        Assert.Equal(3.2064e6, request.EndianPerformance);
        Assert.Equal(90000, request.MaxBufferLength);
        Assert.Equal(4, request.ValueSize);
        Assert.Null(request.ProtocolVersion); // Data-Protocol-Version is ignored by servers; Protocol-Version counts
    }

    private static byte[] Integer(long value, int size)
    {
        using var output = new MemoryStream();
        Archive100Writer.WriteInteger(output, value, size);
        return output.ToArray();
    }

    internal static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", "", StringComparison.Ordinal));

    private static string Ascii(string text) => Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(text));
}
