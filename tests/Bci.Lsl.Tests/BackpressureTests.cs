using System.Net.Sockets;
using Bci.Core.Streams;
using Bci.Lsl.Info;
using Bci.Lsl.Managed;
using Bci.Lsl.Wire;

namespace Bci.Lsl.Tests;

/// <summary>
/// An inlet that does not read while the outlet pushes megabytes: socket buffers fill, pushes keep returning, sends
/// stop part-way through samples and resume later. Whatever reaches the inlet must still be whole samples, in order.
/// </summary>
public sealed class BackpressureTests
{
    [Fact]
    public void StalledReader_PushesNeverBlock_AndEverySampleThatArrivesIsWholeAndInOrder()
    {
        var name = Loopback.UniqueName("stall");
        const int channels = 64, chunk = 32, chunks = 2000; // 2000 x 32 x 265 B = 17 MB, far beyond socket buffers
        using var outlet = new LslOutlet(new LslStreamInfo(name, "EEG", channels, 1000, ChannelFormat.Float32, name), new LslOutletOptions { Config = Loopback.Config });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect("127.0.0.1", outlet.Info.V4DataPort);
        client.Send(System.Text.Encoding.ASCII.GetBytes(FeedRequest.Format110(outlet.Info, 1_000_000, 0, "test")));
        using var stream = new NetworkStream(client);
        var handshake = new HandshakeReader(stream);
        Assert.StartsWith("LSL/110 200", handshake.ReadLine());
        while (handshake.ReadLine() is { Length: > 0 }) { }
        Assert.True(outlet.WaitForConsumers(5));

        var values = new float[channels * chunk];
        var stamps = new double[chunk];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var c = 0; c < chunks; c++)
        {
            for (var s = 0; s < chunk; s++)
            {
                var index = c * chunk + s;
                stamps[s] = index + 1;
                for (var ch = 0; ch < channels; ch++) values[s * channels + ch] = index * 100 + ch;
            }
            outlet.PushChunk<float>(values, stamps);
        }
        // Nobody reads, yet 17 MB of pushes return (they queue or drop, never wait for the reader).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"pushes took {clock.Elapsed.TotalSeconds:0.0} s");

        var reader = new SampleReader(stream, ChannelFormat.Float32, channels, 1000, bigEndian: false);
        var sample = new byte[channels * 4];
        reader.ReadNumeric(sample); // the two test-pattern samples
        reader.ReadNumeric(sample);
        client.ReceiveTimeout = 5000;
        var total = chunks * chunk;
        var previous = 0.0;
        var received = 0;
        while (previous < total)
        {
            var ts = reader.ReadNumeric(sample);
            Assert.True(ts > previous, $"sample {ts} after {previous}");
            var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(sample);
            for (var ch = 0; ch < channels; ch++) Assert.Equal((ts - 1) * 100 + ch, floats[ch]);
            previous = ts;
            received++;
        }
        Assert.Equal(total, received + outlet.DroppedSamples);
    }
}
