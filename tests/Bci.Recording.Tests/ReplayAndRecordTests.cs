using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Bci.Core.Logging;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Core.Time;
using Bci.Recording.Stages;
using Bci.Recording.Tests.Support;

namespace Bci.Recording.Tests;

/// <summary>The replay sources and the XDF recording sink, in virtual time (no sleeping).</summary>
public sealed class ReplayAndRecordTests : IDisposable
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string MotorImageryEdf() => new EdfFileBuilder
    {
        Reserved = "EDF+C",
        Records = 10,
        Signals = { ("C3..", 160, "uV", -8092, 8092, -8092, 8092), ("C4..", 160, "uV", -8092, 8092, -8092, 8092), ("EDF Annotations", 40, "", -1, 1, -32768, 32767) },
        Digital = (s, r, i) => (r * 160 + i) * (s + 1) % 8000,
        Annotations = r => r % 4 == 0 ? $"+{r}\u0014\u0014\0+{r + 0.5}\u00154.1\u0014T{r / 4 % 2 + 1}\u0014\0" : $"+{r}\u0014\u0014\0",
    }.WriteTo(_dir.Path, "mi.edf");

    private static (StageContext Context, HistoricalScheduler Time) VirtualContext(string id, string folder)
    {
        var time = new HistoricalScheduler(Epoch);
        return (new StageContext(id, time, new SchedulerClock(time), new MemoryLog(), baseDirectory: folder), time);
    }

    [Fact]
    public void Replay_AtOriginalPace_EmitsEachChunkWhenItsLastSampleWasRecorded_WithAllSamplesInOrder()
    {
        var path = MotorImageryEdf();
        var (context, time) = VirtualContext("replay", _dir.Path);
        var source = new ReplaySource { File = "mi.edf", Chunk = 0.1 };
        var got = new List<(double At, SampleChunk Chunk)>();
        var done = false;
        using var _ = source.Open(context).Subscribe(c => got.Add(((time.Now - Epoch).TotalSeconds, c)), () => done = true);
        time.AdvanceBy(TimeSpan.FromSeconds(5));
        Assert.False(done);
        var halfway = got.Sum(g => g.Chunk.SampleCount);
        Assert.InRange(halfway, 160 * 5 - 16, 160 * 5); // 5 s of data at 5 s, to within one chunk
        time.AdvanceBy(TimeSpan.FromSeconds(6));
        Assert.True(done);

        var original = RecordingReader.Open(path).SignalStreams.Single().ReadChunks().SelectMany(c => c.Values.ToArray()).ToArray();
        Assert.Equal(original, got.SelectMany(g => g.Chunk.Values.ToArray()));
        Assert.All(got, g => Assert.Equal(16, g.Chunk.SampleCount));
        var start = new SchedulerClock(new HistoricalScheduler(Epoch)).Now;
        foreach (var (at, chunk) in got)
        {
            // Timestamps are on the run's clock (the replay started at virtual time 0) and the chunk left when
            // its last sample was due.
            Assert.Equal(at, chunk.LastTimestamp - start, 6);
        }
    }

    [Fact]
    public void ReplayMarkers_ArriveInTimeWithTheData()
    {
        MotorImageryEdf();
        var (context, time) = VirtualContext("replay", _dir.Path);
        var data = new List<(double At, SampleChunk Chunk)>();
        var markers = new List<(double At, MarkerEvent Marker)>();
        using var a = new ReplaySource { File = "mi.edf", Chunk = 0.05 }.Open(context).Subscribe(c => data.Add(((time.Now - Epoch).TotalSeconds, c)));
        using var b = new ReplayMarkersSource { File = "mi.edf" }.Open(context).Subscribe(m => markers.Add(((time.Now - Epoch).TotalSeconds, m)));
        time.AdvanceBy(TimeSpan.FromSeconds(11));

        Assert.Equal(["T1", "T2", "T1"], markers.Select(m => m.Marker.Value));
        Assert.Equal([0.5, 4.5, 8.5], markers.Select(m => m.At));
        foreach (var (at, marker) in markers)
        {
            // The chunk holding the marker's time arrives within one chunk length of the marker.
            var holder = data.First(d => d.Chunk.LastTimestamp >= marker.Timestamp);
            Assert.InRange(holder.At - at, 0, 0.05 + 1e-9);
            Assert.InRange(marker.Timestamp, holder.Chunk.FirstTimestamp, holder.Chunk.LastTimestamp);
        }
        Assert.Equal(4.1, markers[0].Marker.Duration);
    }

    [Fact]
    public void Replay_StartOffsetSpeedAndLoop()
    {
        MotorImageryEdf();
        var (context, time) = VirtualContext("replay", _dir.Path);
        var got = new List<(double At, SampleChunk Chunk)>();
        using var _ = new ReplaySource { File = "mi.edf", Start = 8, Speed = 2, Loop = true, Chunk = 0.1 }.Open(context)
            .Subscribe(c => got.Add(((time.Now - Epoch).TotalSeconds, c)));
        time.AdvanceBy(TimeSpan.FromSeconds(2)); // 2 s of file per loop at speed 2: two loops
        var samples = got.Sum(g => g.Chunk.SampleCount);
        Assert.InRange(samples, 2 * 320 - 16, 2 * 320);
        var firstValue = got[0].Chunk[0, 0];
        var loopStart = got.First(g => g.At > 1.0 && g.Chunk.Sample(0)[0] == firstValue);
        Assert.NotNull(loopStart.Chunk);
        var times = got.SelectMany(g => g.Chunk.Timestamps.ToArray()).ToArray();
        Assert.All(times.Zip(times.Skip(1)), p => Assert.True(p.Second > p.First, "timestamps keep increasing across loops"));
    }

    [Fact]
    public void Replay_UnknownStream_NamesTheStreamsThereAre()
    {
        MotorImageryEdf();
        var (context, time) = VirtualContext("replay", _dir.Path);
        Exception? error = null;
        using var _ = new ReplaySource { File = "mi.edf", Stream = "nope" }.Open(context).Subscribe(_ => { }, e => error = e);
        time.AdvanceBy(TimeSpan.FromSeconds(1));
        Assert.NotNull(error);
        Assert.Contains("'mi' (EEG)", error!.Message);
    }

    [Fact]
    public void RecordingSink_RecordsReplayedDataAndMarkers_BitExact()
    {
        var path = MotorImageryEdf();
        var (context, time) = VirtualContext("rec", _dir.Path);
        var data = new ReplaySource { File = "mi.edf", Pace = ReplayPace.Max, Timestamps = ReplayTimestamps.Original }.Open(context);
        var markers = new ReplayMarkersSource { File = "mi.edf", Pace = ReplayPace.Max, Timestamps = ReplayTimestamps.Original }.Open(context);
        var completed = false;
        using var a = new XdfRecordingSink { Path = "out.xdf" }.Consume(data.Select(x => (object)x), context).Subscribe(_ => { }, () => completed = true);
        using var b = new XdfRecordingSink { Path = "markers.xdf" }.Consume(markers.Select(x => (object)x), context).Subscribe(_ => { });
        time.AdvanceBy(TimeSpan.FromSeconds(1));
        Assert.True(completed);

        var original = RecordingReader.Open(path);
        var copy = RecordingReader.Open(_dir.File("out.xdf"));
        Assert.Empty(copy.Problems);
        var o = original.SignalStreams.Single();
        var c = copy.SignalStreams.Single();
        Assert.Equal(o.Description.Channels.Select(x => x.Label), c.Description.Channels.Select(x => x.Label));
        Assert.Equal(o.ReadChunks().SelectMany(x => x.Values.ToArray()), c.ReadChunks().SelectMany(x => x.Values.ToArray()));
        Assert.Equal(o.ReadChunks().SelectMany(x => x.Timestamps.ToArray()), c.ReadChunks().SelectMany(x => x.Timestamps.ToArray()));
        var m = RecordingReader.Open(_dir.File("markers.xdf")).ReadAllMarkers();
        Assert.Equal(original.ReadAllMarkers().Select(x => (x.Value, x.Timestamp)), m.Select(x => (x.Value, x.Timestamp)));
    }
}
