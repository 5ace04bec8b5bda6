using System.Net.Sockets;
using Bci.Core.Streams;

namespace Bci.Lsl.Tests;

/// <summary>
/// The outlet runs in a second OS process (this test assembly started as <see cref="PeerProgram"/>); our inlet
/// pulls on loopback. Nothing is shared but the sockets.
/// </summary>
public sealed class CrossProcessTests
{
    [Theory]
    [InlineData("float32")]
    [InlineData("double64")]
    [InlineData("int8")]
    [InlineData("int16")]
    [InlineData("int32")]
    [InlineData("int64")]
    [InlineData("string")]
    public void EveryFormat_RoundTripsBitExactWithTimestamps(string formatName)
    {
        var format = ChannelFormatNames.Parse(formatName);
        var name = Loopback.UniqueName("xp-" + formatName);
        const int count = 300, channels = 6;
        using var peer = PeerProcess.StartOutlet("--name", name, "--format", formatName, "--channels", $"{channels}", "--rate", "1000", "--count", $"{count}", "--source-id", name);
        using var inlet = new LslInlet(Loopback.ResolveOne(name), new LslInletOptions { Config = Loopback.Config });
        inlet.Open(10);
        peer.WaitForLine("PUSHED", TimeSpan.FromSeconds(20));
        for (var i = 0; i < count; i++)
        {
            if (format == ChannelFormat.String)
            {
                var values = new string[channels];
                Assert.True(inlet.TryPullStrings(values, 5, out var ts), $"sample {i} missing");
                Assert.Equal(TestSignals.Timestamp(i), ts);
                Assert.Equal(TestSignals.Strings(channels, i), values);
            }
            else
            {
                var (bytes, ts) = RawSamples.Pull(inlet, format, channels);
                Assert.Equal(TestSignals.Timestamp(i), ts);
                Assert.Equal(TestSignals.NumericBytes(format, channels, i), bytes);
            }
        }
        Assert.Equal(0, inlet.SamplesAvailable);
    }

    [Fact]
    public void TimeCorrection_RecoversInjectedClockOffsetWithin1Ms()
    {
        const double offset = 12.345678;
        var name = Loopback.UniqueName("xp-clock");
        using var peer = PeerProcess.StartOutlet("--name", name, "--mode", "silent", "--clock-offset", "12.345678");
        using var inlet = new LslInlet(Loopback.ResolveOne(name), new LslInletOptions { Config = Loopback.Config });
        var correction = inlet.TimeCorrection(5);
        Assert.InRange(correction, -offset - 0.001, -offset + 0.001);
        Assert.InRange(inlet.TimeCorrectionUncertainty, 0, 0.01);
    }

    [Fact]
    public void ClockSync_PutsRemoteTimestampsOnTheLocalClock()
    {
        var name = Loopback.UniqueName("xp-sync");
        using var peer = PeerProcess.StartOutlet("--name", name, "--mode", "live", "--rate", "200", "--channels", "1", "--format", "double64", "--clock-offset", "-500", "--source-id", name);
        using var inlet = new LslInlet(Loopback.ResolveOne(name), new LslInletOptions { Config = Loopback.Config, Processing = LslProcessing.ClockSync });
        inlet.TimeCorrection(5);
        var value = new double[1];
        for (var i = 0; i < 50; i++) Assert.True(inlet.TryPullSample<double>(value, 5, out _));
        Assert.True(inlet.TryPullSample<double>(value, 5, out var corrected));
        var lag = Core.Time.LslClock.LocalClock() - corrected;
        Assert.InRange(lag, -0.002, 0.5); // the raw stamp is 500 s behind; corrected it is a fresh local time
        // The stream applies its running offset estimate (not the best-of-5 one checked to 1 ms above); on a loaded
        // machine a single exchange's round trip can move it by a few milliseconds.
        Assert.InRange(corrected - value[0], 499.99, 500.01);
    }

    [Fact]
    public void EightInlets_OnOneOutletInAnotherProcess_EachGetEverySample()
    {
        var name = Loopback.UniqueName("xp-fan");
        const int count = 2000;
        using var peer = PeerProcess.StartOutlet("--name", name, "--format", "float32", "--channels", "16", "--count", $"{count}", "--consumers", "8");
        var info = Loopback.ResolveOne(name);
        var inlets = Enumerable.Range(0, 8).Select(_ => new LslInlet(info, new LslInletOptions { Config = Loopback.Config })).ToList();
        try
        {
            Parallel.ForEach(inlets, inlet => inlet.Open(10));
            peer.WaitForLine("PUSHED", TimeSpan.FromSeconds(30));
            Parallel.ForEach(inlets, inlet =>
            {
                var values = new float[16 * 256];
                var stamps = new double[256];
                var received = 0;
                while (received < count)
                {
                    var n = inlet.PullChunk(values, stamps, 5);
                    Assert.True(n > 0, $"inlet stalled after {received} samples");
                    for (var i = 0; i < n; i++)
                    {
                        Assert.Equal(TestSignals.Timestamp(received + i), stamps[i]);
                        Assert.Equal(TestSignals.NumericBytes(ChannelFormat.Float32, 16, received + i),
                            System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan(i * 16, 16)).ToArray());
                    }
                    received += n;
                }
            });
        }
        finally
        {
            foreach (var inlet in inlets) inlet.Dispose();
        }
    }

    [Fact]
    public void OutletKilledAndRestarted_InletResumes_NoDuplicatesNoReordering_GapReported()
    {
        var name = Loopback.UniqueName("xp-recover");
        var source = name + "-src";
        string[] Args(int tag) => ["--name", name, "--source-id", source, "--mode", "live", "--rate", "500", "--channels", "2", "--format", "double64", "--tag", $"{tag}"];
        var log = new List<string>();
        var first = PeerProcess.StartOutlet(Args(1));
        var firstUid = first.Uid;
        using var inlet = new LslInlet(Loopback.ResolveOne(name), new LslInletOptions { Config = Loopback.Config, Log = l => { lock (log) log.Add(l); } });
        var received = new List<double>();
        var tags = new List<double>();
        var value = new double[2];
        // Generous waits (a loaded machine starts a process slowly), never a weaker check.
        void Pull(int n, double firstTimeout)
        {
            for (var i = 0; i < n; i++)
            {
                Assert.True(inlet.TryPullSample<double>(value, i == 0 ? firstTimeout : 10, out var ts), $"no sample after {received.Count} (log: {string.Join(" | ", log)})");
                Assert.Equal(ts, value[0]);
                received.Add(ts);
                tags.Add(value[1]);
            }
        }
        try
        {
            Pull(200, 10);
        }
        finally
        {
            first.Kill();
            first.Dispose();
        }
        Thread.Sleep(300);
        using var second = PeerProcess.StartOutlet(Args(2));
        Assert.NotEqual(firstUid, second.Uid);
        // Samples of the first outlet may still wait in the inlet's buffer (a loaded machine pulls late): pull until
        // 200 samples of the second outlet (channel 1 carries which outlet sent it) have arrived.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (tags.Count(t => t == 2) < 200)
        {
            Assert.True(DateTime.UtcNow < deadline, $"after 60 s, {tags.Count(t => t == 2)} samples of the restarted outlet");
            Pull(1, 30);
        }
        string Log() { lock (log) return string.Join(" | ", log); }
        // Every sample of the first outlet, then every sample of the second: never interleaved.
        var switchAt = tags.IndexOf(2);
        Assert.True(tags.Take(switchAt).All(t => t == 1) && tags.Skip(switchAt).All(t => t == 2), "samples of the two outlets interleave");
        // The gap reported is the one seen (it describes the latest reconnection, which is the switch unless a retry followed).
        if (inlet.Reconnects == 1) Assert.Equal(received[switchAt] - received[switchAt - 1] - 1.0 / 500, inlet.LastGapSeconds, 9);
        Assert.True(second.Uid == inlet.Info.Uid, $"inlet on uid {inlet.Info.Uid}, first {firstUid}, second {second.Uid} (log: {Log()})");
        Assert.True(inlet.WasClockReset);
        for (var i = 1; i < received.Count; i++) Assert.True(received[i] > received[i - 1], $"sample {i}: {received[i]} after {received[i - 1]}");
        Assert.True(inlet.LastGapSeconds > 0.2, $"gap {inlet.LastGapSeconds} s (log: {Log()})");
        // Exactly one switch to the replacement. A loaded machine may add a reconnection to the same outlet (a
        // dropped feed, never a duplicate): every reconnection is counted and logged, so the two agree.
        lock (log)
        {
            Assert.Single(log, l => l.Contains("switching to a replacement outlet", StringComparison.Ordinal));
            Assert.True(inlet.Reconnects >= 1, $"no reconnection recorded (log: {Log()})");
            Assert.Equal(inlet.Reconnects, log.Count(l => l.Contains("feed resumed", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void GarbageOnThePort_ErrorForThatConnection_OutletKeepsServingOthers()
    {
        var name = Loopback.UniqueName("xp-garbage");
        using var peer = PeerProcess.StartOutlet("--name", name, "--mode", "live", "--rate", "200", "--channels", "1", "--format", "double64", "--source-id", name);
        var info = Loopback.ResolveOne(name);
        using var before = new LslInlet(info, new LslInletOptions { Config = Loopback.Config });
        before.Open(5);
        var random = new Random(3);
        var garbagePorts = new List<int>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var raw = new TcpClient("127.0.0.1", info.V4DataPort);
            garbagePorts.Add(((System.Net.IPEndPoint)raw.Client.LocalEndPoint!).Port);
            var junk = new byte[attempt == 3 ? 100_000 : 64];
            random.NextBytes(junk);
            if (attempt == 1) junk = "LSL:streamfeed/110 \r\nMax-Buffer-Length: lots\r\n\r\n"u8.ToArray();
            if (attempt == 2) junk = "LSL:streamfeed\r\nnot numbers\r\n"u8.ToArray();
            try { raw.GetStream().Write(junk); } catch (IOException) { } // the outlet may hang up before we finish
            raw.GetStream().ReadTimeout = 5000;
            try { Assert.Equal(0, raw.GetStream().Read(new byte[16])); } catch (IOException) { } // closed (FIN or RST), never answered
        }
        using var after = new LslInlet(info, new LslInletOptions { Config = Loopback.Config });
        after.Open(5);
        var value = new double[1];
        Assert.True(before.TryPullSample<double>(value, 5, out _));
        Assert.True(after.TryPullSample<double>(value, 5, out _));
        // Each garbage connection is reported by the outlet, named by its address. (Other test processes running at
        // the same time may probe this port too, so the lines are matched by our own client ports, not counted.)
        bool Reported(int port) => peer.ErrorText.Split('\n').Any(l => l.Contains("closed connection from", StringComparison.Ordinal) && l.Contains($":{port}: ", StringComparison.Ordinal));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!garbagePorts.All(Reported) && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Assert.All(garbagePorts, port => Assert.True(Reported(port), $"no 'closed connection' line for client port {port}:\n{peer.ErrorText}"));
    }
}
