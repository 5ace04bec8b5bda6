using System.Net;
using System.Net.Sockets;
using System.Text;
using Bci.Core.Streams;
using Bci.Lsl.Info;
using Bci.Lsl.Wire;

namespace Bci.Lsl.Tests;

/// <summary>
/// Data that arrives together with the handshake must reach the buffer without waiting for more: an outlet that
/// answers, sends its test patterns and a whole burst in one write, then falls silent, has all of that burst pulled.
/// </summary>
public sealed class InletReadAheadTests
{
    [Fact]
    public void BurstArrivingWithTheHandshake_IsDeliveredWithoutFurtherData()
    {
        const int channels = 2, count = 50;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var release = new ManualResetEventSlim();
        var server = new Thread(() =>
        {
            try { Serve(); }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException) { } // the test side went away
        }) { IsBackground = true };
        void Serve()
        {
            using var client = listener.AcceptTcpClient();
            var stream = client.GetStream();
            var request = new StringBuilder();
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var b = stream.ReadByte();
                if (b < 0) return;
                request.Append((char)b);
            }
            var reply = new List<byte>(Encoding.ASCII.GetBytes("LSL/110 200 OK\r\nUID: u\r\nByte-Order: 1234\r\nData-Protocol-Version: 110\r\n\r\n"));
            reply.AddRange(TestPatterns.Both(ChannelFormat.Float32, channels));
            var sample = new byte[SampleWriter.NumericSampleSize(channels, ChannelFormat.Float32)];
            for (var i = 0; i < count; i++)
            {
                SampleWriter.WriteNumeric<float>(sample, 100 + i, [i, -i], ChannelFormat.Float32);
                reply.AddRange(sample);
            }
            stream.Write(reply.ToArray()); // one write: the reply, the test patterns and the whole burst
            release.Wait(TimeSpan.FromSeconds(30)); // then silence, the connection kept open
        }
        server.Start();
        var fake = new LslStreamInfo("ReadAhead", "EEG", channels, 1000, ChannelFormat.Float32) { V4Address = "127.0.0.1", V4DataPort = port, Uid = "u" };
        try
        {
            using var inlet = new LslInlet(fake, new LslInletOptions { Config = Loopback.Config, Recover = false });
            var values = new float[channels];
            for (var i = 0; i < count; i++)
            {
                Assert.True(inlet.TryPullSample<float>(values, 5, out var ts), $"sample {i} of the burst was not delivered within 5 s");
                Assert.Equal(100.0 + i, ts);
                Assert.Equal([i, -i], values);
            }
        }
        finally
        {
            release.Set();
            server.Join(TimeSpan.FromSeconds(10));
        }
    }
}
