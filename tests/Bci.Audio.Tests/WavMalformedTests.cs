using System.Buffers.Binary;
using Bci.Audio.Wav;

namespace Bci.Audio.Tests;

/// <summary>Malformed, truncated and mutated files give a <see cref="WavFormatException"/> with a byte offset, never another exception or a large allocation.</summary>
public sealed class WavMalformedTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "golden");

    private static readonly string[] Seeds = ["scipy_s16_stereo.wav", "sox_s24_stereo.wav", "hand_s16_chunks.wav", "hand_rf64_s24.wav", "scipy_f32_stereo.wav"];

    [Fact]
    public void EveryTruncation_IsAFormatErrorWithAnOffsetInsideTheFile()
    {
        foreach (var name in Seeds)
        {
            var bytes = File.ReadAllBytes(Path.Combine(Folder, name));
            long dataEnd;
            using (var whole = WavReader.Open(Path.Combine(Folder, name)))
                dataEnd = whole.DataOffset + whole.FrameCount * whole.Format.BlockAlign;
            // Chunks after the samples (a trailing LIST) are not needed to read them, so cutting those is not an error.
            for (var length = 0; length < dataEnd; length++)
            {
                var e = Assert.Throws<WavFormatException>(() => ReadAll(bytes[..length]));
                Assert.InRange(e.ByteOffset, 0, length);
                Assert.Contains($"byte {e.ByteOffset}", e.Message);
            }
        }
    }

    [Fact]
    public void TruncatedData_CanBeReadToItsLastWholeFrameOnRequest()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "scipy_s16_stereo.wav"));
        using var reader = WavReader.FromStream(new MemoryStream(bytes[..^10]), "cut", tolerateTruncation: true);
        Assert.Equal(48, reader.DeclaredFrameCount);
        Assert.Equal(45, reader.FrameCount); // 10 bytes = 2.5 frames of 4 bytes gone
        Assert.Equal(90, reader.ReadAll().Length);
    }

    [Fact]
    public void TruncationOfANonSeekableStream_IsFoundWhileReading()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "scipy_s16_stereo.wav"));
        using var reader = WavReader.FromStream(new ForwardOnlyStream(new MemoryStream(bytes[..^7])), "pipe");
        var e = Assert.Throws<WavFormatException>(() => reader.ReadAll());
        Assert.Contains("truncated", e.Message);
        Assert.Equal(bytes.Length - 7, e.ByteOffset);
    }

    [Theory]
    [InlineData(0, "RIFX", "big-endian")]
    [InlineData(0, "OggS", "not a WAV file")]
    [InlineData(8, "AVI ", "expected 'WAVE'")]
    public void WrongMagic_IsNamed(int offset, string text, string message)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "scipy_s16_stereo.wav"));
        System.Text.Encoding.ASCII.GetBytes(text).CopyTo(bytes, offset);
        var e = Assert.Throws<WavFormatException>(() => ReadAll(bytes));
        Assert.Contains(message, e.Message);
        Assert.Equal(offset, e.ByteOffset);
    }

    [Fact]
    public void HugeChunkSize_IsAnErrorWithoutAllocation()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "hand_s16_chunks.wav"));
        // The LIST chunk after 'fmt ' (12 + 8 + 16 = 36) claims 4 GiB - 1.
        Assert.Equal("LIST", System.Text.Encoding.ASCII.GetString(bytes, 36, 4));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), uint.MaxValue);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<WavFormatException>(() => ReadAll(bytes));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "a huge declared size must not be allocated");
        Assert.Equal(36, e.ByteOffset);
        Assert.Contains("'LIST'", e.Message);
    }

    [Fact]
    public void BadFormatFields_AreNamedWithTheirOffsets()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "scipy_s16_stereo.wav"));
        var fmt = 20; // body of 'fmt ' in a plain 44-byte header
        Check(bytes, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(fmt + 2), 0), fmt + 2, "channel count 0");
        Check(bytes, b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(fmt + 4), 0), fmt + 4, "sample rate 0");
        Check(bytes, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(fmt + 12), 3), fmt + 12, "block align 3");
        Check(bytes, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(fmt + 14), 12), fmt + 14, "12 bits per sample");
        Check(bytes, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(fmt), 0x55), fmt, "format tag 0x0055");
        Check(bytes, b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 8), 16, "shorter than the 16");
    }

    [Fact]
    public void MutatedFiles_GiveFormatErrorsOnly()
    {
        var random = new Random(20261130);
        var outcomes = new Dictionary<string, int> { ["read"] = 0, ["format error"] = 0 };
        foreach (var name in Seeds)
        {
            var original = File.ReadAllBytes(Path.Combine(Folder, name));
            for (var trial = 0; trial < 600; trial++)
            {
                var bytes = Mutate(original, random);
                var before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    ReadAll(bytes);
                    outcomes["read"]++;
                }
                catch (WavFormatException e)
                {
                    Assert.InRange(e.ByteOffset, 0, bytes.Length);
                    outcomes["format error"]++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"{name} mutation {trial}: {e.GetType().Name}: {e.Message}");
                }
                Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20, $"{name} mutation {trial} allocated too much");
            }
        }
        Assert.True(outcomes["format error"] > 1000, $"too few mutations were rejected: {outcomes["format error"]}");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0: // flip bytes in the header region
                for (var i = random.Next(1, 4); i > 0; i--) bytes[random.Next(Math.Min(bytes.Length, 96))] = (byte)random.Next(256);
                break;
            case 1: // a size or count field set to an extreme
                var at = random.Next(0, Math.Min(bytes.Length, 96) - 4) & ~1;
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), random.Next(3) switch { 0 => uint.MaxValue, 1 => 0, _ => (uint)random.Next() });
                break;
            case 2: // truncated somewhere
                return bytes[..random.Next(bytes.Length)];
            default: // garbage appended and a header byte changed
                bytes = [.. bytes, .. Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256))];
                bytes[random.Next(64)] ^= (byte)(1 << random.Next(8));
                break;
        }
        return bytes;
    }

    private static void Check(byte[] original, Action<byte[]> damage, long offset, string message)
    {
        var bytes = (byte[])original.Clone();
        damage(bytes);
        var e = Assert.Throws<WavFormatException>(() => ReadAll(bytes));
        Assert.Contains(message, e.Message);
        Assert.Equal(offset, e.ByteOffset);
    }

    private static void ReadAll(byte[] bytes)
    {
        using var reader = WavReader.FromStream(new MemoryStream(bytes), "mutated");
        var buffer = new double[256];
        while (reader.Read(buffer) > 0) { }
    }
}
