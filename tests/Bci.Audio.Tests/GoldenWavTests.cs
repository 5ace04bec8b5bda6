using System.Text.Json;
using Bci.Audio.Wav;

namespace Bci.Audio.Tests;

/// <summary>Files written by scipy, Python's wave module, sox and by hand from the specifications (golden/make_golden.py) read to the exact recorded values.</summary>
public sealed class GoldenWavTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "golden");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases().EnumerateArray()) data.Add(c.GetProperty("file").GetString()!);
        return data;
    }

    private static JsonElement Cases() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))).RootElement.GetProperty("cases");

    [Theory]
    [MemberData(nameof(Files))]
    public void GoldenFile_ReadsToTheRecordedSamples(string file)
    {
        var expected = Cases().EnumerateArray().Single(c => c.GetProperty("file").GetString() == file);
        using var reader = WavReader.Open(Path.Combine(Folder, file));
        var bits = expected.GetProperty("bits").GetInt32();
        var isFloat = expected.GetProperty("float").GetBoolean();
        Assert.Equal(expected.GetProperty("rate").GetInt32(), reader.Format.SampleRate);
        Assert.Equal(expected.GetProperty("channels").GetInt32(), reader.Format.Channels);
        Assert.Equal(expected.GetProperty("frames").GetInt64(), reader.FrameCount);
        Assert.Equal(bits, reader.Format.BitsPerSample);
        Assert.Equal(isFloat, reader.Format.IsFloat);
        Assert.Equal(expected.GetProperty("container").GetString() == "rf64" ? WavContainer.Rf64 : WavContainer.Riff, reader.Container);
        foreach (var id in expected.GetProperty("chunks").EnumerateArray())
            Assert.Contains(reader.Chunks, c => c.Id == id.GetString());

        var values = reader.ReadAll();
        var want = expected.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(want.Length, values.Length);
        for (var i = 0; i < want.Length; i++)
        {
            var got = isFloat ? values[i] : bits == 8 ? values[i] * 128 + 128 : values[i] * Math.Pow(2, bits - 1);
            if (isFloat && bits == 32) Assert.Equal((float)want[i], (float)got);
            else Assert.True(want[i] == got, $"{file} sample {i}: expected {want[i]}, read {got}");
        }
        Assert.Equal(0, reader.Read(new double[16]));
    }

    [Fact]
    public void GoldenFile_StreamedInSmallBlocksEqualsWholeRead()
    {
        var path = Path.Combine(Folder, "sox_s16_6ch.wav");
        using var whole = WavReader.Open(path);
        var all = whole.ReadAll();
        using var streamed = WavReader.FromStream(new ForwardOnlyStream(File.OpenRead(path)), "forward-only");
        var parts = new List<double>();
        var block = new double[5 * 6];
        int n;
        while ((n = streamed.Read(block)) > 0) parts.AddRange(block.Take(n * 6));
        Assert.Equal(all, parts);
    }

    [Fact]
    public void Seek_ReadsFromTheRequestedFrame()
    {
        using var reader = WavReader.Open(Path.Combine(Folder, "scipy_s16_stereo.wav"));
        var all = reader.ReadAll();
        reader.Seek(10);
        var part = new double[4];
        Assert.Equal(2, reader.Read(part));
        Assert.Equal(all.AsSpan(20, 4).ToArray(), part);
    }
}
