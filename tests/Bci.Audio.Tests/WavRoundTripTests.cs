using Bci.Audio.Wav;

namespace Bci.Audio.Tests;

public sealed class WavRoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bci-audio-wav-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<WavSampleFormat, int> FormatsAndChannels()
    {
        var data = new TheoryData<WavSampleFormat, int>();
        foreach (var format in SampleCodes.AllFormats)
            foreach (var channels in new[] { 1, 2, 6 })
                data.Add(format, channels);
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndChannels))]
    public void WriteThenRead_IsBitExact(WavSampleFormat format, int channels)
    {
        var path = Path.Combine(_dir, "x.wav");
        var values = SampleCodes.Values(format, 301 * channels, seed: channels);
        using (var writer = WavWriter.Create(path, new WavFormat(44100, channels, format)))
        {
            writer.Write(values.AsSpan(0, 100 * channels));
            writer.Write(values.AsSpan(100 * channels));
            Assert.Equal(0, writer.ClippedSamples);
        }
        using var reader = WavReader.Open(path);
        Assert.Equal(new WavFormat(44100, channels, format) with { ChannelMask = reader.Format.ChannelMask }, reader.Format);
        Assert.Equal(301, reader.FrameCount);
        Assert.Equal(values, reader.ReadAll());
    }

    [SoxFact]
    public void SoxReadsWhatWeWrite_BitExact()
    {
        foreach (var format in SampleCodes.AllFormats)
            foreach (var channels in new[] { 1, 2, 6 })
            {
                var path = Path.Combine(_dir, $"ours-{format}-{channels}.wav");
                var values = SampleCodes.Values(format, 97 * channels, seed: 7 + channels);
                using (var writer = WavWriter.Create(path, new WavFormat(16000, channels, format)))
                    writer.Write(values);
                var raw = Path.Combine(_dir, $"sox-{format}-{channels}.raw");
                var (encoding, bits) = Sox.Encoding(format);
                Sox.Run(path, "-t", "raw", "-e", encoding, "-b", bits.ToString(), "-L", raw);
                Assert.True(SampleCodes.Raw(format, values).SequenceEqual(File.ReadAllBytes(raw)), $"sox read different samples from our {format} x {channels} file");
            }
    }

    [SoxFact]
    public void WeReadWhatSoxWrites_BitExact()
    {
        foreach (var format in SampleCodes.AllFormats)
            foreach (var channels in new[] { 1, 2, 6 })
            {
                var values = SampleCodes.Values(format, 89 * channels, seed: 11 + channels);
                var raw = Path.Combine(_dir, $"in-{format}-{channels}.raw");
                File.WriteAllBytes(raw, SampleCodes.Raw(format, values));
                var path = Path.Combine(_dir, $"sox-{format}-{channels}.wav");
                var (encoding, bits) = Sox.Encoding(format);
                Sox.Run("-t", "raw", "-r", "22050", "-e", encoding, "-b", bits.ToString(), "-c", channels.ToString(), "-L", raw, path);
                using var reader = WavReader.Open(path);
                Assert.Equal(format, reader.Format.SampleFormat);
                Assert.Equal(channels, reader.Format.Channels);
                Assert.Equal(values, reader.ReadAll());
            }
    }

    [Fact]
    public void PastTheRiffLimit_TheFileBecomesRf64AndReadsBack()
    {
        var values = SampleCodes.Values(WavSampleFormat.Int24, 2 * 500, seed: 3);
        var path = Path.Combine(_dir, "big.wav");
        using (var file = File.Create(path))
        using (var writer = WavWriter.ToStreamWithLimit(file, new WavFormat(48000, 2, WavSampleFormat.Int24), new WavWriterOptions(), riffLimit: 2000))
        {
            writer.Write(values);
            writer.Dispose();
            Assert.True(writer.WroteRf64);
        }
        Assert.Equal("RF64"u8.ToArray(), File.ReadAllBytes(path)[..4]);
        using var reader = WavReader.Open(path);
        Assert.Equal(WavContainer.Rf64, reader.Container);
        Assert.Equal(values, reader.ReadAll());
        if (Sox.Path is not null)
        {
            var raw = Path.Combine(_dir, "big.raw");
            Sox.Run(path, "-t", "raw", "-e", "signed-integer", "-b", "24", "-L", raw);
            Assert.True(SampleCodes.Raw(WavSampleFormat.Int24, values).SequenceEqual(File.ReadAllBytes(raw)), "sox read our RF64 file differently");
        }
    }

    [Fact]
    public void PastTheRiffLimitWithoutRf64_TheWriteThrowsAndEarlierFramesStay()
    {
        var path = Path.Combine(_dir, "limited.wav");
        var format = new WavFormat(8000, 1, WavSampleFormat.Int16);
        using (var file = File.Create(path))
        using (var writer = WavWriter.ToStreamWithLimit(file, format, new WavWriterOptions { AllowRf64 = false }, riffLimit: 1000))
        {
            writer.Write(new double[400]);
            var e = Assert.Throws<IOException>(() => writer.Write(new double[200]));
            Assert.Contains("RF64", e.Message);
        }
        using var reader = WavReader.Open(path);
        Assert.Equal(400, reader.FrameCount);
    }

    [Fact]
    public void OutOfRangeValues_AreClippedAndCounted()
    {
        var path = Path.Combine(_dir, "clip.wav");
        using (var writer = WavWriter.Create(path, new WavFormat(8000, 1, WavSampleFormat.Int16)))
        {
            writer.Write([1.5, -2.0, 0.5, double.NaN, 1.0]);
            Assert.Equal(4, writer.ClippedSamples);
        }
        using var reader = WavReader.Open(path);
        Assert.Equal([32767 / 32768.0, -1.0, 0.5, 0.0, 32767 / 32768.0], reader.ReadAll());
    }

    [Fact]
    public void FlushedFile_IsCompleteBeforeClose()
    {
        var path = Path.Combine(_dir, "live.wav");
        using var writer = WavWriter.Create(path, new WavFormat(8000, 2, WavSampleFormat.Float32));
        writer.Write(new double[] { 0.25, -0.25, 0.5, -0.5 });
        writer.Flush();
        using var copy = new MemoryStream(ReadShared(path));
        using var reader = WavReader.FromStream(copy);
        Assert.Equal(new double[] { 0.25, -0.25, 0.5, -0.5 }, reader.ReadAll());
    }

    [Fact]
    public void Comment_IsStoredInAListChunkThatReadersSkip()
    {
        var path = Path.Combine(_dir, "comment.wav");
        using (var writer = WavWriter.Create(path, new WavFormat(8000, 1, WavSampleFormat.Int16), new WavWriterOptions { Comment = "lsl_t0=12.5" }))
            writer.Write(new double[] { 0.5 });
        using var reader = WavReader.Open(path);
        Assert.Contains(reader.Chunks, c => c.Id == "LIST");
        Assert.Equal([0.5], reader.ReadAll());
    }

    private static byte[] ReadShared(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[s.Length];
        s.ReadExactly(bytes);
        return bytes;
    }
}
