using System.Net.Sockets;
using System.Text;
using Bci.Core.Streams;
using Bci.Lsl.Info;

namespace Bci.Lsl.Tests;

/// <summary>Outlet and inlet in one process over real loopback sockets.</summary>
public sealed class LoopbackTests
{
    [Theory]
    [MemberData(nameof(Check.NumericFormats), MemberType = typeof(Check))]
    public void NumericSamples_RoundTripBitExact(ChannelFormat format) =>
        Check.NumericRoundTrip(Loopback.Managed, Loopback.Managed, format, "rt");

    [Fact]
    public void Strings_RoundTripExactly_IncludingLongAndEmptyOnes() =>
        Check.StringRoundTrip(Loopback.Managed, Loopback.Managed, "str");

    [Fact]
    public void EightInlets_EachReceiveEverySample()
    {
        var name = Loopback.UniqueName("fan");
        using var outlet = new LslOutlet(new LslStreamInfo(name, "EEG", 8, 1000, ChannelFormat.Float32, name), new LslOutletOptions { Config = Loopback.Config });
        var info = Loopback.ResolveOne(name);
        var inlets = Enumerable.Range(0, 8).Select(_ => new LslInlet(info, new LslInletOptions { Config = Loopback.Config })).ToList();
        try
        {
            foreach (var inlet in inlets) inlet.Open(5);
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (outlet.ConsumerCount < 8 && DateTime.UtcNow < deadline) Thread.Sleep(5);
            Assert.Equal(8, outlet.ConsumerCount);
            var values = new float[8 * 50];
            var stamps = new double[50];
            for (var chunk = 0; chunk < 20; chunk++)
            {
                for (var s = 0; s < 50; s++)
                {
                    stamps[s] = 1 + chunk * 50 + s;
                    for (var c = 0; c < 8; c++) values[s * 8 + c] = (chunk * 50 + s) * 10 + c;
                }
                outlet.PushChunk<float>(values, stamps);
            }
            foreach (var inlet in inlets)
            {
                var got = new float[8 * 1000];
                var times = new double[1000];
                var n = 0;
                while (n < 1000)
                {
                    var k = inlet.PullChunk(got.AsSpan(n * 8), times.AsSpan(n), 5);
                    Assert.True(k > 0, $"inlet stalled after {n} samples");
                    n += k;
                }
                for (var i = 0; i < 1000; i++)
                {
                    Assert.Equal(1 + i, times[i]);
                    Assert.Equal(i * 10 + 7, got[i * 8 + 7]);
                }
            }
        }
        finally
        {
            foreach (var inlet in inlets) inlet.Dispose();
        }
    }

    [Fact]
    public void Garbage_ClosesOnlyThatConnection_OthersKeepReceiving()
    {
        var name = Loopback.UniqueName("garbage");
        var log = new List<string>();
        using var outlet = new LslOutlet(new LslStreamInfo(name, "EEG", 2, 100, ChannelFormat.Float32, name),
            new LslOutletOptions { Config = Loopback.Config, Log = line => { lock (log) log.Add(line); } });
        using var inlet = new LslInlet(Loopback.ResolveOne(name), new LslInletOptions { Config = Loopback.Config });
        inlet.Open(5);
        foreach (var junk in new[] { new byte[] { 0xde, 0xad, 0xbe, 0xef, 0x0a }, Encoding.ASCII.GetBytes("LSL:streamfeed/110 x\r\nValue-Size: many\r\n\r\n"), Enumerable.Repeat((byte)'A', 10000).ToArray() })
        {
            using var raw = new TcpClient("127.0.0.1", outlet.Info.V4DataPort);
            raw.GetStream().Write(junk);
            raw.GetStream().ReadTimeout = 5000;
            Assert.Equal(0, raw.GetStream().Read(new byte[64])); // the outlet closes it without an answer
        }
        outlet.PushSample<float>([1, 2], 42);
        Assert.True(inlet.TryPullSample(new float[2], 5, out var ts));
        Assert.Equal(42, ts);
        Assert.Equal(3, outlet.RejectedConnections);
        lock (log) Assert.Contains(log, line => line.Contains("unknown request", StringComparison.Ordinal) && line.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public void Inlet_AgainstNonLslServer_FailsOpenWithTheReason()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(() =>
        {
            for (var i = 0; i < 3; i++)
            {
                using var client = listener.AcceptTcpClient();
                client.GetStream().Write("HTTP/1.1 200 OK\r\n\r\n<html>"u8);
            }
        });
        var fake = new LslStreamInfo("NotLsl", "EEG", 1, 100, ChannelFormat.Float32) { V4Address = "127.0.0.1", V4DataPort = port, Uid = "u" };
        using var inlet = new LslInlet(fake, new LslInletOptions { Config = Loopback.Config });
        var error = Assert.Throws<TimeoutException>(() => inlet.Open(1.5));
        Assert.Contains("NotLsl", error.Message);
        Assert.Contains("not an LSL status line", error.Message);
    }

    [Fact]
    public void SilenceTimeout_PullsOfASilentStreamFailNamingIt_DataClearsIt()
    {
        var name = Loopback.UniqueName("quiet");
        using var outlet = new LslOutlet(new LslStreamInfo(name, "EEG", 1, 100, ChannelFormat.Float32, name), new LslOutletOptions { Config = Loopback.Config });
        using var inlet = new LslInlet(Loopback.ResolveOne(name), new LslInletOptions { Config = Loopback.Config, SilenceTimeoutSeconds = 0.5 });
        inlet.Open(5);
        Assert.True(outlet.WaitForConsumers(5));
        var value = new float[1];
        outlet.PushSample<float>([1], 1);
        Assert.True(inlet.TryPullSample(value, 5, out _)); // data keeps the watchdog quiet
        Assert.False(inlet.TryPullSample(value, 0.1, out _)); // an empty pull within the limit is just empty
        var error = Assert.Throws<TimeoutException>(() => { for (var i = 0; i < 100; i++) inlet.TryPullSample(value, 0.1, out _); });
        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains("sent nothing for", error.Message);
        outlet.PushSample<float>([2], 2);
        Assert.True(inlet.TryPullSample(value, 5, out var ts)); // and the stream is usable again once data comes
        Assert.Equal(2, ts);
    }

    [Fact]
    public void FullInfo_CarriesDesc()
    {
        var name = Loopback.UniqueName("full");
        var stream = new StreamDescription(name, "EEG", [new ChannelInfo("Cz", "EEG", "microvolts")], 250, sourceId: name);
        using var outlet = new LslOutlet(LslStreamInfo.FromDescription(stream), new LslOutletOptions { Config = Loopback.Config });
        var resolved = Loopback.ResolveOne(name);
        Assert.False(resolved.Desc.HasElements); // discovery replies carry shortinfo only
        using var inlet = new LslInlet(resolved, new LslInletOptions { Config = Loopback.Config });
        var full = inlet.GetFullInfo(5);
        Assert.Equal("Cz", full.ToDescription().Channels[0].Label);
        Assert.Equal(outlet.Info.Uid, full.Uid);
    }

    [Fact]
    public void Resolver_FindsEveryOutletOfTheHost()
    {
        var prefix = Loopback.UniqueName("many");
        var outlets = Enumerable.Range(0, 4).Select(i => new LslOutlet(new LslStreamInfo($"{prefix}-{i}", "EEG", 1, 10, ChannelFormat.Float32), new LslOutletOptions { Config = Loopback.Config })).ToList();
        try
        {
            var found = new LslResolver(Loopback.Config).Resolve($"starts-with(name,'{prefix}')", 0, 1.0);
            Assert.Equal(outlets.Select(o => o.Info.Uid).Order(), found.Select(f => f.Uid).Order());
            Assert.All(found, f => Assert.Equal("127.0.0.1", f.V4Address));
        }
        finally
        {
            foreach (var o in outlets) o.Dispose();
        }
    }

    [Fact]
    public void SlowInlet_LosesOnlyItsOwnOldestSamples()
    {
        var name = Loopback.UniqueName("bounded");
        // 10 Hz x 2 s buffered = 20 samples per inlet.
        using var outlet = new LslOutlet(new LslStreamInfo(name, "EEG", 1, 10, ChannelFormat.Float32, name), new LslOutletOptions { Config = Loopback.Config, MaxBufferedSeconds = 2 });
        var info = Loopback.ResolveOne(name);
        using var inlet = new LslInlet(info, new LslInletOptions { Config = Loopback.Config, MaxBufferSeconds = 3 });
        inlet.Open(5);
        Assert.True(outlet.WaitForConsumers(5));
        for (var i = 0; i < 100; i++) outlet.PushSample<float>([i], i + 1);
        Thread.Sleep(500);
        // The outlet's per-inlet queue (20) and the inlet's own buffer (30) both drop their oldest samples:
        // what arrives is in order and ends with the newest sample; every other sample is counted as dropped.
        var values = new float[100];
        var stamps = new double[100];
        var n = inlet.PullChunk(values, stamps, 2);
        Assert.InRange(n, 1, 30);
        Assert.Equal(100, n + inlet.DroppedSamples + outlet.DroppedSamples);
        Assert.Equal(99, values[n - 1]);
        for (var i = 1; i < n; i++) Assert.True(values[i] > values[i - 1], $"sample {i} out of order: {values[i - 1]} then {values[i]}");
    }
}
