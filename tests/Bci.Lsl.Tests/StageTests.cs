using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Reactive.Subjects;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Lsl.Info;
using Bci.Lsl.Stages;
using Bci.Pipelines.Registry;

namespace Bci.Lsl.Tests;

/// <summary>The pipeline stages over real loopback sockets (a config file with machine scope and KnownPeers 127.0.0.1).</summary>
public sealed class StageTests : IDisposable
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"bci-lsl-test-{Guid.NewGuid():N}.cfg");

    public StageTests() => File.WriteAllText(_config, Loopback.Config.ToFileText());

    public void Dispose() => File.Delete(_config);

    [Fact]
    public void Registry_FindsEveryLslStage()
    {
        var registry = StageRegistry.ForBuiltIns();
        foreach (var name in new[] { "lsl.inlet", "lsl.markers-inlet", "lsl.outlet", "lsl.marker-outlet", "lsl.decoded-outlet" })
        {
            Assert.True(registry.TryGet(name, out var stage), $"{name} is not registered");
            // Options declared on the shared base classes are options of every stage built on them.
            Assert.Contains(stage!.Options, o => o.Name == "backend");
            Assert.Contains(stage.Options, o => o.Name == "config");
            Assert.Contains(stage.Options, o => o.Name == "name");
        }
        Assert.Contains(registry.TryGet("lsl.markers-inlet", out var markers) ? markers!.Options : [], o => o.Name == "clock-sync");
    }

    [Fact]
    public async Task OutletSink_ToInletSource_RoundTripsVoltsLabelsAndTimes()
    {
        var name = Loopback.UniqueName("stage");
        var stream = new StreamDescription(name, "EEG", [new ChannelInfo("C3"), new ChannelInfo("Cz"), new ChannelInfo("C4")], 250, sourceId: name);
        var chunks = new Subject<SampleChunk>();
        var sinkDone = new LslOutletSink { ConfigFile = _config }.Consume(chunks, new StageContext("out")).LastOrDefaultAsync().ToTask();
        using var stop = new CancellationTokenSource();
        var context = new StageContext("in", stopping: stop.Token);
        var received = new List<SampleChunk>();
        var gotAll = new ManualResetEventSlim();
        using var subscription = new LslInletSource { Name = name, ConfigFile = _config, Timeout = 5, ClockSync = true }.Open(context)
            .Subscribe(c => { lock (received) { received.Add(c); if (Measured(received).Count() >= 500) gotAll.Set(); } });
        chunks.OnNext(SampleChunk.Wrap(stream, new double[3], [1.0])); // creates the outlet
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (context.Health["samples"] == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
            if (received.Count == 0) chunks.OnNext(SampleChunk.Wrap(stream, new double[3], [1.0]));
        }
        lock (received) received.Clear();
        var t0 = Core.Time.LslClock.LocalClock();
        for (var k = 0; k < 20; k++)
        {
            var values = new double[25 * 3];
            var times = new double[25];
            for (var s = 0; s < 25; s++)
            {
                times[s] = t0 + (k * 25 + s) / 250.0;
                for (var c = 0; c < 3; c++) values[s * 3 + c] = (c + 1) * 1e-6 * Math.Sin(k * 25 + s);
            }
            chunks.OnNext(SampleChunk.Wrap(stream, values, times));
        }
        Assert.True(gotAll.Wait(TimeSpan.FromSeconds(10)), $"received {Measured(received).Count()} of 500 samples");
        chunks.OnCompleted();
        await sinkDone.WaitAsync(TimeSpan.FromSeconds(5));
        lock (received)
        {
            var first = received[0];
            Assert.Equal(["C3", "Cz", "C4"], first.Stream.Channels.Select(c => c.Label));
            Assert.All(first.Stream.Channels, c => Assert.Equal("V", c.Unit));
            Assert.True(first.TimesCorrected);
            var all = Measured(received).Take(500).ToList();
            for (var i = 0; i < 500; i++)
            {
                Assert.InRange(all[i].Item1 - (t0 + i / 250.0), -0.001, 0.001); // same host: correction ~0
                for (var c = 0; c < 3; c++)
                    Assert.Equal((c + 1) * 1e-6 * Math.Sin(i), all[i].Item2[c], 1e-12); // float32 microvolts on the wire
            }
        }
    }

    // The samples after the warm-up ones (stamped 1.0 on the outlet clock; one may still arrive after the clear).
    private static IEnumerable<(double, double[])> Measured(List<SampleChunk> chunks) =>
        chunks.SelectMany(c => Enumerable.Range(0, c.SampleCount).Select(s => (c.Timestamps[s], c.Sample(s).ToArray()))).Where(x => x.Item1 > 2);

    [Fact]
    public void SilentStream_FailsWithTimeoutNamingTheStream()
    {
        var name = Loopback.UniqueName("silent");
        using var outlet = new LslOutlet(new LslStreamInfo(name, "EEG", 2, 100, ChannelFormat.Float32, name), new LslOutletOptions { Config = Loopback.Config });
        var source = new LslInletSource { Name = name, ConfigFile = _config, Timeout = 0.5, ClockSync = false };
        var error = Assert.Throws<TimeoutException>(() => source.Open(new StageContext("in")).Timeout(TimeSpan.FromSeconds(20)).Wait());
        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains("sent nothing for 0.5 s", error.Message);
    }

    [Fact]
    public void MissingStream_FailsWithTheQuery()
    {
        var source = new LslInletSource { Name = "no-such-stream", ConfigFile = _config, Timeout = 0.5 };
        var error = Assert.Throws<TimeoutException>(() => source.Open(new StageContext("in")).Timeout(TimeSpan.FromSeconds(20)).Wait());
        Assert.Contains("name='no-such-stream'", error.Message);
    }

    [Fact]
    public async Task Markers_RoundTripThroughMarkerOutletAndMarkersInlet()
    {
        var name = Loopback.UniqueName("mk");
        var markers = new Subject<MarkerEvent>();
        var done = new LslMarkerOutletSink { Name = name, ConfigFile = _config }.Consume(markers, new StageContext("out")).LastOrDefaultAsync().ToTask();
        var received = new List<MarkerEvent>();
        using var stop = new CancellationTokenSource();
        using var subscription = new LslMarkersInletSource { Name = name, ConfigFile = _config }.Open(new StageContext("in", stopping: stop.Token))
            .Subscribe(m => { lock (received) received.Add(m); });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var sent = 0;
        while (DateTime.UtcNow < deadline)
        {
            markers.OnNext(new MarkerEvent($"T{sent % 2 + 1}", 100 + sent));
            sent++;
            Thread.Sleep(20);
            lock (received) if (received.Count >= 5) break;
        }
        markers.OnCompleted();
        await done.WaitAsync(TimeSpan.FromSeconds(5));
        lock (received)
        {
            Assert.True(received.Count >= 5, $"{received.Count} markers arrived");
            for (var i = 1; i < received.Count; i++) Assert.Equal(received[i - 1].Timestamp + 1, received[i].Timestamp, 6);
            Assert.All(received, m => Assert.Equal(name, m.StreamName));
            Assert.All(received, m => Assert.Equal($"T{((int)Math.Round(m.Timestamp) - 100) % 2 + 1}", m.Value));
        }
    }

    [Fact]
    public async Task DecodedOutlet_PublishesProbabilitiesControlAndPredictedClass()
    {
        var name = Loopback.UniqueName("dec");
        var outputs = new Subject<DecodedOutput>();
        var done = new LslDecodedOutletSink { Name = name, ConfigFile = _config }.Consume(outputs, new StageContext("out")).LastOrDefaultAsync().ToTask();
        outputs.OnNext(new DecodedOutput("csp", 10, ["left", "right"], [0.5, 0.5]));
        var info = Loopback.ResolveOne(name);
        Assert.Equal(3, info.ChannelCount);
        using var inlet = new LslInlet(info, new LslInletOptions { Config = Loopback.Config });
        Assert.Equal(["left", "right", "control"], inlet.GetFullInfo(5).ToDescription().Channels.Select(c => c.Label));
        using var markerInlet = new LslInlet(Loopback.ResolveOne(name + "-markers"), new LslInletOptions { Config = Loopback.Config });
        inlet.Open(5);
        markerInlet.Open(5);
        Thread.Sleep(200);
        outputs.OnNext(new DecodedOutput("csp", 11.5, ["left", "right"], [0.2, 0.8]) { Control = -0.25 });
        var sample = new float[3];
        Assert.True(inlet.TryPullSample<float>(sample, 5, out var ts));
        Assert.Equal(11.5, ts);
        Assert.Equal([0.2f, 0.8f, -0.25f], sample);
        var label = new string[1];
        Assert.True(markerInlet.TryPullStrings(label, 5, out var mts));
        Assert.Equal("right", label[0]);
        Assert.Equal(11.5, mts);
        outputs.OnCompleted();
        await done.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
