using System.Diagnostics;
using Bci.Recording.Tests.Support;
using Bci.TestSupport;
using Xunit.Abstractions;

namespace Bci.Recording.Tests;

/// <summary>
/// Mutated real files (random byte changes, inserted garbage, truncations) fed to every reader: each must either
/// read (possibly reporting problems) or throw <see cref="RecordingFormatException"/>, within a time limit. Any
/// other exception, or a hang, fails with the seed and mutation that caused it.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [DataTheory("xdf-examples", "edf-bdf-gdf", "eegmmidb", "eeglab-sample")]
    [InlineData("xdf-examples/minimal.xdf", 400)]
    [InlineData("xdf-examples/empty_streams.xdf", 300)]
    [InlineData("xdf-examples/keyboard_markers_video_ids.xdf", 300)]
    [InlineData("edf-bdf-gdf/test_utf8_annotations.edf", 300)]
    [InlineData("edf-bdf-gdf/subsecond_starttime.edf", 250)]
    [InlineData("edf-bdf-gdf/SC4001EC-Hypnogram.edf", 200)]
    [InlineData("edf-bdf-gdf/test_bdf_stim_channel.bdf", 250)]
    [InlineData("edf-bdf-gdf/test_1ch.gdf", 250)]
    [InlineData("edf-bdf-gdf/ch1undch2stoerung_gdf1.24.gdf", 150)]
    [InlineData("eeglab-sample/eeglab_data.set", 120)]
    public void MutatedFiles_ReadOrFailWithAFormatError(string relativePath, int mutations)
    {
        var source = TestData.Require(relativePath);
        var original = File.ReadAllBytes(source);
        var name = Path.GetFileName(source);
        if (name.EndsWith(".set", StringComparison.Ordinal))
        {
            // The .set names its .fdt: link the real one beside the mutants (never copied).
            var fdt = Path.ChangeExtension(source, ".fdt");
            File.CreateSymbolicLink(_dir.File(Path.GetFileName(fdt)), fdt);
        }
        var path = _dir.File(name);
        var outcomes = new Dictionary<string, int>();
        var random = new Random(relativePath.Length * 7919 + mutations);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < mutations; i++)
        {
            var seed = random.Next();
            var (bytes, what) = Mutate(original, new Random(seed));
            File.WriteAllBytes(path, bytes);
            var task = Task.Run(() => ReadEverything(path, seed % 2 == 0));
            if (!task.Wait(TimeSpan.FromSeconds(20)))
                Assert.Fail($"{relativePath} mutation {i} (seed {seed}, {what}) did not finish within 20 s");
            var outcome = task.Result;
            if (outcome.Error is { } error and not RecordingFormatException)
                Assert.Fail($"{relativePath} mutation {i} (seed {seed}, {what}) threw {error.GetType().Name}: {error}");
            var key = outcome.Error is null ? (outcome.Problems > 0 ? "read with problems" : "read clean") : "format error";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }
        output.WriteLine($"{relativePath}: {mutations} mutants in {watch.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", outcomes.Select(kv => $"{kv.Key} {kv.Value}"))}");
    }

    [Fact]
    public void XdfChunkClaiming2To60Bytes_IsReportedWithoutAllocating()
    {
        var path = _dir.File("huge.xdf");
        using (var writer = new Xdf.XdfWriter(path))
        {
            var id = writer.AddStream(Bci.Core.Streams.StreamDescription.Unlabelled("a", "EEG", 1, 10));
            writer.Write(id, Bci.Core.Streams.SampleChunk.Wrap(Bci.Core.Streams.StreamDescription.Unlabelled("a", "EEG", 1, 10), [1.0], [1.0]));
        }
        var good = File.ReadAllBytes(path);
        var bytes = good.Concat(new byte[] { 8 }).Concat(BitConverter.GetBytes(1UL << 60)).Concat(new byte[] { 3, 0, 1, 0, 0, 0 }).ToArray();
        File.WriteAllBytes(path, bytes);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var recording = RecordingReader.Open(path);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var problem = Assert.Single(recording.Problems, p => p.Message.Contains("1152921504606846976 bytes"));
        Assert.Equal(good.Length, problem.ByteOffset);
        Assert.Equal(1, recording.Streams[0].SampleCount);
        Assert.True(allocated < 16 << 20, $"opening allocated {allocated} bytes");
    }

    private sealed record Outcome(Exception? Error, int Problems);

    private static Outcome ReadEverything(string path, bool dejitter)
    {
        try
        {
            var recording = RecordingReader.Open(path, new RecordingReadOptions { Dejitter = dejitter });
            foreach (var stream in recording.Streams)
            {
                if (stream.Kind == RecordedStreamKind.Signal)
                {
                    foreach (var chunk in stream.ReadChunks(257)) _ = chunk.SampleCount;
                    // The channel-major path too, at both ends of the stream (its own reads and parts).
                    var n = (int)Math.Min(stream.SampleCount, 4096);
                    var values = new float[Math.Min((long)n * stream.Description.ChannelCount, 1 << 22)];
                    n = values.Length / Math.Max(1, stream.Description.ChannelCount);
                    stream.ReadChannels(0, n, values);
                    stream.ReadChannels(stream.SampleCount - n, n, values);
                }
                else
                    foreach (var marker in stream.ReadMarkers()) _ = marker.Value;
            }
            return new Outcome(null, recording.Problems.Length);
        }
        catch (Exception e)
        {
            return new Outcome(e, 0);
        }
    }

    private static (byte[] Bytes, string What) Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0:
            {
                var at = random.Next(bytes.Length);
                return (bytes[..at], $"truncated at {at}");
            }
            case 1:
            {
                var n = random.Next(1, 9);
                for (var k = 0; k < n; k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return (bytes, $"{n} random bytes");
            }
            case 2:
            {
                // Headers are where lengths live: hit the first 1 KiB harder.
                var n = random.Next(1, 5);
                for (var k = 0; k < n; k++) bytes[random.Next(Math.Min(1024, bytes.Length))] ^= (byte)(1 << random.Next(8));
                return (bytes, $"{n} bit flips in the header");
            }
            case 3:
            {
                var at = random.Next(bytes.Length);
                var value = random.Next(4) switch { 0 => 0xFF, 1 => 0x00, 2 => 0x7F, _ => 0x80 };
                var n = random.Next(1, 9);
                for (var k = 0; k < n && at + k < bytes.Length; k++) bytes[at + k] = (byte)value;
                return (bytes, $"{n} bytes of 0x{value:X2} at {at}");
            }
            default:
            {
                var at = random.Next(bytes.Length);
                var garbage = new byte[random.Next(1, 64)];
                random.NextBytes(garbage);
                return ([.. bytes[..at], .. garbage, .. bytes[at..]], $"{garbage.Length} bytes inserted at {at}");
            }
        }
    }
}
