using Bci.Audio.Stages;
using Bci.Audio.Wav;
using Bci.Core.Streams;

namespace Bci.Audio.Tests;

public sealed class WavSourceTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "golden");

    [Fact]
    public void RealtimeSource_EmitsTheFileAsChunksOnTheClock()
    {
        var time = new VirtualTime(Folder);
        var source = new WavSource { Path = "sox_s16_6ch.wav", Chunk = 10 };
        var chunks = new List<(double At, SampleChunk Chunk)>();
        var completed = false;
        using var subscription = source.Open(time.Context).Subscribe(c => chunks.Add((time.Clock.Now, c)), e => throw e, () => completed = true);
        time.RunUntil(() => completed, limit: 1);

        using var reader = WavReader.Open(Path.Combine(Folder, "sox_s16_6ch.wav"));
        var expected = reader.ReadAll();
        Assert.Equal([10, 10, 10, 10, 8], chunks.Select(c => c.Chunk.SampleCount));
        Assert.Equal(expected, chunks.SelectMany(c => c.Chunk.Values.ToArray()));
        var stream = chunks[0].Chunk.Stream;
        Assert.Equal(("sox_s16_6ch", "Audio", 6, 48000.0), (stream.Name, stream.Type, stream.ChannelCount, stream.NominalRate));
        var times = chunks.SelectMany(c => c.Chunk.Timestamps.ToArray()).ToArray();
        for (var i = 0; i < times.Length; i++) Assert.Equal(i / 48000.0, times[i], precision: 12);
        // Each chunk leaves when its last sample is due.
        foreach (var (at, chunk) in chunks) Assert.Equal(chunk.LastTimestamp + 1 / 48000.0, at, precision: 3);
    }

    [Fact]
    public void MalformedFile_FailsTheSourceWithTheByteOffset()
    {
        var dir = Directory.CreateTempSubdirectory("bci-audio-src-").FullName;
        try
        {
            var bytes = File.ReadAllBytes(Path.Combine(Folder, "scipy_s16_stereo.wav"));
            File.WriteAllBytes(Path.Combine(dir, "cut.wav"), bytes[..30]);
            var time = new VirtualTime(dir);
            Exception? error = null;
            using var subscription = new WavSource { Path = "cut.wav", Pace = WavPace.Max }.Open(time.Context).Subscribe(_ => { }, e => error = e);
            var format = Assert.IsType<WavFormatException>(error);
            Assert.Contains("cut.wav", format.Message);
            Assert.Equal(20, format.ByteOffset);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
