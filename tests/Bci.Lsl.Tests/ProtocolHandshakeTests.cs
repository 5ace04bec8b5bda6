using System.Net.Sockets;
using System.Text;
using Bci.Core.Streams;
using Bci.Lsl.Info;

namespace Bci.Lsl.Tests;

/// <summary>Raw requests to a managed outlet, checked against what liblsl servers answer (lsl-protocol.md §3, §9.3).</summary>
public sealed class ProtocolHandshakeTests
{
    [Fact]
    public void Protocol100Request_GetsBoostArchiveWithShortinfoAndTestPatterns()
    {
        var name = Loopback.UniqueName("p100");
        using var outlet = new LslOutlet(new LslStreamInfo(name, "EEG", 3, 100, ChannelFormat.Int16, name), new LslOutletOptions { Config = Loopback.Config });
        using var client = new TcpClient("127.0.0.1", outlet.Info.V4DataPort);
        var stream = client.GetStream();
        stream.ReadTimeout = 5000;
        stream.Write("LSL:streamfeed\r\n36000 0\r\n"u8);
        var shortInfo = Encoding.UTF8.GetBytes(outlet.Info.ToShortXml());
        var header = ReadExactly(stream, 3 + 3 + shortInfo.Length);
        Assert.Equal(new byte[] { 0x7f, 0x01, 0x09, 0x02, (byte)(shortInfo.Length & 0xff), (byte)(shortInfo.Length >> 8) }, header[..6]);
        Assert.Equal(shortInfo, header[6..]);
        // §3.6 capture: int16, 3 channels, both test patterns.
        var expected = WireFormatTests.Hex("0000 0102 08c976be9f0c24fe40 020501 fefafe 020701 0102 08c976be9f0c24fe40 020301 fefcfe 020501");
        Assert.Equal(expected, ReadExactly(stream, expected.Length));
        Assert.True(outlet.WaitForConsumers(5));
        outlet.PushSample<short>([0, 1, 2], 123456.789);
        Assert.Equal(WireFormatTests.Hex("0102 08c976be9f0c24fe40 00 0101 0102"), ReadExactly(stream, 16));
    }

    [Theory]
    [InlineData("LSL:streamfeed/210 \r\nMax-Buffer-Length: 10\r\n\r\n", "LSL/110 505 Version not supported")]
    [InlineData("LSL:streamfeed/110 not-the-uid\r\nMax-Buffer-Length: 10\r\n\r\n", "LSL/110 404 Not found")]
    public void WrongVersionOrUid_AnsweredLikeLiblsl_ThenClosed(string request, string expected)
    {
        var name = Loopback.UniqueName("neg");
        using var outlet = new LslOutlet(new LslStreamInfo(name, "EEG", 1, 100, ChannelFormat.Float32, name), new LslOutletOptions { Config = Loopback.Config });
        using var client = new TcpClient("127.0.0.1", outlet.Info.V4DataPort);
        var stream = client.GetStream();
        stream.ReadTimeout = 5000;
        stream.Write(Encoding.ASCII.GetBytes(request));
        using var all = new MemoryStream();
        stream.CopyTo(all);
        Assert.Equal(expected, Encoding.ASCII.GetString(all.ToArray()));
    }

    [Fact]
    public void NoMaxBufferLength_SendsHeaderAndTestPatternsThenCloses()
    {
        var name = Loopback.UniqueName("nobuf");
        using var outlet = new LslOutlet(new LslStreamInfo(name, "EEG", 4, 100, ChannelFormat.Float32, name), new LslOutletOptions { Config = Loopback.Config });
        using var client = new TcpClient("127.0.0.1", outlet.Info.V4DataPort);
        var stream = client.GetStream();
        stream.ReadTimeout = 5000;
        stream.Write(Encoding.ASCII.GetBytes($"LSL:streamfeed/110 {outlet.Info.Uid}\r\nNative-Byte-Order: 1234\r\n\r\n"));
        using var all = new MemoryStream();
        stream.CopyTo(all);
        var text = all.ToArray();
        var headerEnd = text.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        Assert.StartsWith("LSL/110 200 OK\r\nUID: " + outlet.Info.Uid, Encoding.ASCII.GetString(text, 0, headerEnd));
        Assert.Equal(WireFormatTests.Hex("02c976be9f0c24fe40 00008040 0000a0c0 0000c040 0000e0c0 02c976be9f0c24fe40 00000040 000040c0 00008040 0000a0c0"), text[headerEnd..]);
    }

    private static byte[] ReadExactly(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        stream.ReadExactly(buffer);
        return buffer;
    }
}
