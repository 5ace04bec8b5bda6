using System.Net;
using System.Net.Sockets;
using System.Text;
using Bci.Core.Streams;
using Bci.Lsl.Info;
using Bci.Lsl.Managed;

namespace Bci.Lsl.Tests;

/// <summary>
/// Outlets and inlets created and disposed over and over while resolve queries, time probes, feed requests and
/// garbage keep arriving: nothing may escape a background thread (that would end the test process) and disposing
/// must stop every thread it started.
/// </summary>
public sealed class ShutdownStressTests
{
    [Fact]
    public void CreateAndDispose_UnderQueriesProbesAndGarbage_NoCrash_NoThreadLeft()
    {
        var prefix = Loopback.UniqueName("stress");
        var current = new LslStreamInfo[1];
        using var stop = new CancellationTokenSource();
        var hammers = new[]
        {
            new Thread(() => ResolveRepeatedly(prefix, stop.Token)) { IsBackground = true },
            new Thread(() => ProbeRepeatedly(current, stop.Token, seed: 1)) { IsBackground = true },
            new Thread(() => ProbeRepeatedly(current, stop.Token, seed: 2)) { IsBackground = true },
        };
        foreach (var h in hammers) h.Start();
        try
        {
            for (var round = 0; round < 12; round++)
            {
                var name = $"{prefix}-{round}";
                var outlet = new LslOutlet(new LslStreamInfo(name, "EEG", 8, 1000, ChannelFormat.Float32, name), new LslOutletOptions { Config = Loopback.Config });
                Volatile.Write(ref current[0], outlet.Info);
                var info = Loopback.ResolveOne(name);
                var inlets = Enumerable.Range(0, 2).Select(_ => new LslInlet(info, new LslInletOptions { Config = Loopback.Config, Log = _ => { } })).ToList();
                inlets[0].Open(5);
                // The feed may be registered a moment after Open returns: push until a sample comes through.
                var arrived = false;
                for (var i = 1; i < 500 && !arrived; i++)
                {
                    outlet.PushChunk<float>(new float[8 * 4], [i, i, i, i]);
                    arrived = inlets[0].TryPullSample(new float[8], 0.01, out _);
                }
                Assert.True(arrived, $"round {round}: no sample arrived");
                // Starts the time-probe thread without waiting for a full round, so disposal meets it mid-round.
                try { inlets[1].TimeCorrection(0.01); } catch (TimeoutException) { }
                if (round % 2 == 0)
                {
                    // Outlet first: the inlets see the feed break and start recovering while being disposed.
                    outlet.Dispose();
                    Thread.Sleep(round % 4 == 0 ? 0 : 600);
                    foreach (var inlet in inlets) inlet.Dispose();
                }
                else
                {
                    foreach (var inlet in inlets) inlet.Dispose();
                    outlet.Dispose();
                }
                var left = LiveThreadsOf(name);
                Assert.True(left.Count == 0, $"round {round}: still running after dispose: {string.Join(", ", left)}");
                Assert.Throws<ObjectDisposedException>(() => inlets[0].TryPullSample(new float[8], 0.1, out _));
            }
        }
        finally
        {
            stop.Cancel();
            foreach (var h in hammers) h.Join();
        }
        Assert.Empty(LiveThreadsOf(prefix));
    }

    [Fact]
    public async Task DisposingAnInlet_WakesAWaitingTimeCorrection()
    {
        var name = Loopback.UniqueName("stress-wait");
        // An address where nothing answers time probes: the wait would otherwise last the whole timeout.
        var info = new LslStreamInfo(name, "EEG", 1, 100, ChannelFormat.Float32) { V4Address = "127.0.0.1", V4DataPort = 9, V4ServicePort = 9, Uid = "u" };
        var inlet = new LslInlet(info, new LslInletOptions { Config = Loopback.Config });
        var waiting = Task.Run(() => inlet.TimeCorrection(60));
        await Task.Delay(300);
        inlet.Dispose();
        Assert.Same(waiting, await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(10))));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
        Assert.Empty(LiveThreadsOf(name));
    }

    // Dispose joins the threads; the short poll only absorbs a thread that has returned but not yet left its finally.
    private static List<string> LiveThreadsOf(string streamName)
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (true)
        {
            var live = LslThreads.LiveNames.Where(n => n.Contains(streamName, StringComparison.Ordinal)).ToList();
            if (live.Count == 0 || DateTime.UtcNow > deadline) return live;
            Thread.Sleep(20);
        }
    }

    private static void ResolveRepeatedly(string prefix, CancellationToken stop)
    {
        var resolver = new LslResolver(Loopback.Config) { WaveInterval = 0.05 };
        while (!stop.IsCancellationRequested) resolver.Resolve($"starts-with(name,'{prefix}')", 0, 0.2);
    }

    // Time probes and shortinfo queries on the service port, feed requests, fullinfo and garbage on the data port:
    // whatever the outlet's state, and with every error on this side ignored (the outlet may be gone any moment).
    private static void ProbeRepeatedly(LslStreamInfo[] current, CancellationToken stop, int seed)
    {
        var random = new Random(seed);
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var replyPort = ((IPEndPoint)udp.LocalEndPoint!).Port;
        while (!stop.IsCancellationRequested)
        {
            var info = Volatile.Read(ref current[0]);
            if (info is null) { Thread.Sleep(5); continue; }
            try
            {
                var service = new IPEndPoint(IPAddress.Loopback, info.V4ServicePort);
                udp.SendTo(Encoding.ASCII.GetBytes($"LSL:timedata\r\n{random.Next()} 1.5\r\n"), service);
                udp.SendTo(Encoding.ASCII.GetBytes($"LSL:shortinfo\r\nname='{info.Name}'\r\n{replyPort} 7\r\n"), service);
                udp.SendTo(Encoding.ASCII.GetBytes("LSL:shortinfo\r\n[[[\r\nx y\r\n"), service);
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 200, SendTimeout = 200 };
                tcp.Connect(IPAddress.Loopback, info.V4DataPort);
                var request = random.Next(4) switch
                {
                    0 => "LSL:fullinfo\r\n",
                    1 => "LSL:shortinfo\r\n]]bad xpath[[\r\n",
                    2 => $"LSL:streamfeed/110 {info.Uid}\r\nNative-Byte-Order: 1234\r\nMax-Buffer-Length: 1000\r\n\r\n",
                    _ => "\u0001\u0002garbage\r\n",
                };
                tcp.Send(Encoding.ASCII.GetBytes(request));
                tcp.Receive(new byte[4096]);
                while (udp.Available > 0) udp.Receive(new byte[65536]);
            }
            catch (SocketException)
            {
            }
        }
    }
}
