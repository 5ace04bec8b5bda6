using System.Globalization;
using System.Runtime.InteropServices;
using Bci.Core.Streams;
using Bci.Core.Time;
using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Lsl.Tests;

/// <summary>
/// Entry point of the test assembly when it runs as the second OS process of a cross-process test:
/// <c>outlet</c> publishes a stream with known values (TestSignals) and optionally an injected clock offset, prints
/// READY and its uid, and keeps serving until its standard input closes or it is killed.
/// </summary>
public static class PeerProgram
{
    public static int Main(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 1; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        string Get(string key, string fallback) => options.TryGetValue(key, out var v) ? v : fallback;
        double Number(string key, double fallback) => double.Parse(Get(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        if (args.Length == 0 || args[0] != "outlet")
        {
            Console.Error.WriteLine("usage: outlet --name N --format F --channels C --rate R --source-id S --count K --mode fixed|live|silent --clock-offset s");
            return 2;
        }
        var format = ChannelFormatNames.Parse(Get("format", "float32"));
        var channels = (int)Number("channels", 4);
        var rate = Number("rate", 1000);
        var info = new LslStreamInfo(Get("name", "Peer"), Get("type", "Test"), channels, rate, format, Get("source-id", ""));
        info.Desc.Add(new System.Xml.Linq.XElement("manufacturer", "BciPipeline test peer"));
        var clock = new OffsetClock(Number("clock-offset", 0));
        using var outlet = new LslOutlet(info, new LslOutletOptions { Config = LslConfig.Loopback, Clock = clock, Log = line => Console.Error.WriteLine(line) });
        Console.WriteLine($"READY {outlet.Info.Uid} {outlet.Info.V4DataPort} {outlet.Info.V4ServicePort}");
        using var stdinClosed = new ManualResetEventSlim();
        new Thread(() => { try { while (Console.In.ReadLine() is not null) { } } catch (Exception) { } stdinClosed.Set(); }) { IsBackground = true }.Start();
        var mode = Get("mode", "fixed");
        var consumers = (int)Number("consumers", 1);
        if (mode == "fixed")
        {
            // Waits for the expected inlets, then pushes `count` known samples (in chunks of 1..7 to mix push shapes).
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (outlet.ConsumerCount < consumers && DateTime.UtcNow < deadline && !stdinClosed.IsSet) Thread.Sleep(10);
            var count = (long)Number("count", 100);
            for (long i = 0; i < count;)
            {
                var n = (int)Math.Min(count - i, 1 + i % 7);
                PushKnown(outlet, format, channels, i, n);
                i += n;
            }
            Console.WriteLine("PUSHED");
        }
        else if (mode == "live")
        {
            // Pushes one sample per 1/rate whose values are its own timestamp (channel 1: the --tag, when given), until stopped.
            var start = (long)Number("start", 0);
            var tag = options.ContainsKey("tag") ? Number("tag", 0) : (double?)null;
            var period = 1.0 / rate;
            var next = LslClock.LocalClock();
            for (var i = start; !stdinClosed.IsSet; i++)
            {
                var now = clock.Now;
                var values = Enumerable.Repeat(now, channels).ToArray();
                if (tag is { } t && channels > 1) values[1] = t;
                outlet.PushSample<double>(values, now);
                next += period;
                var wait = next - LslClock.LocalClock();
                if (wait > 0) Thread.Sleep(TimeSpan.FromSeconds(wait));
            }
        }
        stdinClosed.Wait();
        return 0;
    }

    private static void PushKnown(LslOutlet outlet, ChannelFormat format, int channels, long first, int n)
    {
        if (format == ChannelFormat.String)
        {
            for (var k = 0; k < n; k++) outlet.PushStrings(TestSignals.Strings(channels, first + k), TestSignals.Timestamp(first + k));
            return;
        }
        var timestamps = new double[n];
        var bytes = new List<byte>();
        for (var k = 0; k < n; k++)
        {
            timestamps[k] = TestSignals.Timestamp(first + k);
            bytes.AddRange(TestSignals.NumericBytes(format, channels, first + k));
        }
        var raw = bytes.ToArray();
        switch (format)
        {
            case ChannelFormat.Float32: outlet.PushChunk<float>(MemoryMarshal.Cast<byte, float>(raw), timestamps); break;
            case ChannelFormat.Double64: outlet.PushChunk<double>(MemoryMarshal.Cast<byte, double>(raw), timestamps); break;
            case ChannelFormat.Int8: outlet.PushChunk<sbyte>(MemoryMarshal.Cast<byte, sbyte>(raw), timestamps); break;
            case ChannelFormat.Int16: outlet.PushChunk<short>(MemoryMarshal.Cast<byte, short>(raw), timestamps); break;
            case ChannelFormat.Int32: outlet.PushChunk<int>(MemoryMarshal.Cast<byte, int>(raw), timestamps); break;
            case ChannelFormat.Int64: outlet.PushChunk<long>(MemoryMarshal.Cast<byte, long>(raw), timestamps); break;
        }
    }

    private sealed class OffsetClock(double offset) : IClock
    {
        public double Now => LslClock.LocalClock() + offset;
    }
}
