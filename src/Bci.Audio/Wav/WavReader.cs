using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Bci.Audio.Wav;

/// <summary>
/// Reads a RIFF/WAVE or RF64 file as a stream of frames: the header is parsed on open (unknown chunks such as LIST,
/// fact, cue and JUNK are skipped), the samples are decoded on demand in bounded blocks, so a file of any length is
/// read in constant memory. Every problem (bad magic, impossible format, chunk running past the end, truncated
/// data) is a <see cref="WavFormatException"/> naming the byte offset; header sizes never drive an allocation.
/// </summary>
public sealed class WavReader : IDisposable
{
    private const int MaxFormatChunk = 4096;
    private const int BlockBytes = 64 * 1024;
    private const ushort TagPcm = 1;
    private const ushort TagFloat = 3;
    private const ushort TagExtensible = 0xFFFE;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly List<WavChunkInfo> _chunks = [];
    private long _position; // absolute byte position in the stream, tracked so non-seekable streams report offsets too
    private long _framesRead;

    private WavReader(Stream stream, string source, bool leaveOpen, bool tolerateTruncation)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Source = source;
        _position = stream.CanSeek ? stream.Position : 0;
        try
        {
            (Container, Format, DataOffset, FrameCount, DeclaredFrameCount) = ParseHeader(tolerateTruncation);
        }
        catch
        {
            if (!leaveOpen) stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens a WAV file. With <paramref name="tolerateTruncation"/>, a data chunk that runs past the end of the file is read up to its last whole frame instead of being an error.</summary>
    public static WavReader Open(string path, bool tolerateTruncation = false)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return new WavReader(stream, path, leaveOpen: false, tolerateTruncation);
    }

    /// <summary>Reads from a stream positioned at the start of the RIFF header; <paramref name="source"/> names it in errors.</summary>
    public static WavReader FromStream(Stream stream, string source = "stream", bool leaveOpen = false, bool tolerateTruncation = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("the stream cannot be read", nameof(stream));
        return new WavReader(stream, source, leaveOpen, tolerateTruncation);
    }

    public string Source { get; }
    public WavContainer Container { get; }
    public WavFormat Format { get; }

    /// <summary>Byte offset of the first sample.</summary>
    public long DataOffset { get; }

    /// <summary>Frames that can be read (the declared count, or fewer when truncation is tolerated).</summary>
    public long FrameCount { get; }

    /// <summary>Frames the data chunk declares.</summary>
    public long DeclaredFrameCount { get; }

    /// <summary>Frames read so far (the next frame to be read).</summary>
    public long Position => _framesRead;

    public double Duration => FrameCount / (double)Format.SampleRate;

    /// <summary>Every chunk met before the samples, in file order.</summary>
    public IReadOnlyList<WavChunkInfo> Chunks => _chunks;

    /// <summary>Reads whole frames into <paramref name="destination"/> (interleaved); returns the number of frames read, 0 at the end.</summary>
    public int Read(Span<double> destination) => ReadFrames(destination, SampleCodec.Decode);

    /// <summary>Reads whole frames as float (interleaved); returns the number of frames read, 0 at the end.</summary>
    public int Read(Span<float> destination) => ReadFrames(destination, SampleCodec.Decode);

    private delegate void Decoder<T>(ReadOnlySpan<byte> source, Span<T> destination, WavSampleFormat format);

    private int ReadFrames<T>(Span<T> destination, Decoder<T> decode)
    {
        var frames = FramesFor(destination.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            for (var done = 0; done < frames;)
            {
                var n = NextBlock(buffer, frames - done);
                decode(buffer.AsSpan(0, n * Format.BlockAlign), destination.Slice(done * Format.Channels, n * Format.Channels), Format.SampleFormat);
                done += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return frames;
    }

    private int FramesFor(int values) => (int)Math.Min(values / Format.Channels, FrameCount - _framesRead);

    // Reads the next block of at most `wanted` frames into `buffer` (whose size bounds the block); returns its frame count.
    private int NextBlock(byte[] buffer, int wanted)
    {
        var n = Math.Min(Math.Max(1, buffer.Length / Format.BlockAlign), wanted);
        FillData(buffer.AsSpan(0, n * Format.BlockAlign));
        _framesRead += n;
        return n;
    }

    /// <summary>Reads every remaining frame (for small files: stimuli, cue sounds). Refuses files above <paramref name="maxFrames"/>.</summary>
    public double[] ReadAll(long maxFrames = 48_000L * 600)
    {
        var remaining = FrameCount - _framesRead;
        if (remaining > maxFrames)
            throw new InvalidOperationException($"{Source}: {remaining} frames is more than the {maxFrames} this call reads at once; stream it with Read");
        var all = new double[remaining * Format.Channels];
        var read = Read(all);
        return read == remaining ? all : all[..(read * Format.Channels)];
    }

    /// <summary>Moves to frame <paramref name="frame"/> (seekable streams only).</summary>
    public void Seek(long frame)
    {
        if (!_stream.CanSeek) throw new NotSupportedException($"{Source}: the stream cannot seek");
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frame, FrameCount);
        _position = DataOffset + frame * Format.BlockAlign;
        _stream.Position = _position;
        _framesRead = frame;
    }

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }

    private void FillData(Span<byte> bytes)
    {
        var got = ReadFully(bytes);
        if (got < bytes.Length)
            throw new WavFormatException(Source, _position,
                $"the data chunk is truncated: frame {_framesRead + got / Format.BlockAlign} of {FrameCount} is missing (file ends here)");
    }

    private int ReadFully(Span<byte> bytes)
    {
        var total = 0;
        while (total < bytes.Length)
        {
            var n = _stream.Read(bytes[total..]);
            if (n == 0) break;
            total += n;
        }
        _position += total;
        return total;
    }

    private void ReadExactly(Span<byte> bytes, string what)
    {
        var start = _position;
        if (ReadFully(bytes) < bytes.Length)
            throw new WavFormatException(Source, start, $"file ends inside {what} ({bytes.Length} bytes expected)");
    }

    private long? Length => _stream.CanSeek ? _stream.Length : null;

    private (WavContainer, WavFormat, long, long, long) ParseHeader(bool tolerateTruncation)
    {
        Span<byte> head = stackalloc byte[12];
        ReadExactly(head, "the RIFF header");
        var magic = Encoding.ASCII.GetString(head[..4]);
        var container = magic switch
        {
            "RIFF" => WavContainer.Riff,
            "RF64" or "BW64" => WavContainer.Rf64,
            "RIFX" => throw new WavFormatException(Source, 0, "big-endian RIFX files are not supported"),
            _ => throw new WavFormatException(Source, 0, $"not a WAV file: starts with '{Printable(head[..4])}', expected 'RIFF' or 'RF64'"),
        };
        if (Encoding.ASCII.GetString(head[8..12]) != "WAVE")
            throw new WavFormatException(Source, 8, $"RIFF form type is '{Printable(head[8..12])}', expected 'WAVE'");

        long? ds64Data = null;
        WavFormat? format = null;
        Span<byte> header = stackalloc byte[8];
        Span<byte> ds64 = stackalloc byte[24];
        Span<byte> fmtBuffer = stackalloc byte[MaxFormatChunk];
        while (true)
        {
            var chunkOffset = _position;
            if (ReadFully(header) < 8)
                throw new WavFormatException(Source, chunkOffset, format is null ? "no 'fmt ' chunk before the end of the file" : "no 'data' chunk before the end of the file");
            var id = Encoding.ASCII.GetString(header[..4]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            var bodyOffset = _position;
            if (!IsChunkId(header[..4]))
                throw new WavFormatException(Source, chunkOffset, $"chunk id '{Printable(header[..4])}' is not four printable characters (corrupt header)");

            if (id == "data")
            {
                if (format is null) throw new WavFormatException(Source, chunkOffset, "'data' chunk comes before any 'fmt ' chunk");
                if (size == uint.MaxValue && container == WavContainer.Rf64)
                {
                    size = ds64Data ?? throw new WavFormatException(Source, chunkOffset, "RF64 'data' chunk size is 0xFFFFFFFF but no 'ds64' chunk gave it");
                }
                _chunks.Add(new WavChunkInfo(id, bodyOffset, size));
                var declared = size / format.BlockAlign;
                if (size % format.BlockAlign != 0 && !tolerateTruncation)
                    throw new WavFormatException(Source, chunkOffset + 4,
                        $"data size {size} is not a whole number of {format.BlockAlign}-byte frames");
                var available = declared;
                if (Length is { } length && bodyOffset + size > length)
                {
                    if (!tolerateTruncation)
                        throw new WavFormatException(Source, length,
                            $"the data chunk is truncated: it declares {size} bytes from byte {bodyOffset} but the file ends at byte {length}");
                    available = (length - bodyOffset) / format.BlockAlign;
                }
                return (container, format, bodyOffset, available, declared);
            }

            if (id == "ds64")
            {
                if (container != WavContainer.Rf64) throw new WavFormatException(Source, chunkOffset, "'ds64' chunk in a RIFF (not RF64) file");
                if (size < 24) throw new WavFormatException(Source, chunkOffset + 4, $"'ds64' chunk of {size} bytes is shorter than 24");
                ReadExactly(ds64, "the 'ds64' chunk");
                var data = BinaryPrimitives.ReadUInt64LittleEndian(ds64[8..]);
                if (data > long.MaxValue) throw new WavFormatException(Source, bodyOffset + 8, $"'ds64' data size {data} is impossible");
                ds64Data = (long)data;
                _chunks.Add(new WavChunkInfo(id, bodyOffset, size));
                Skip(size - 24 + (size & 1), id, chunkOffset);
                continue;
            }

            if (container == WavContainer.Rf64 && ds64Data is null && _chunks.Count == 0)
                throw new WavFormatException(Source, chunkOffset, $"RF64 file's first chunk is '{id}', expected 'ds64'");

            _chunks.Add(new WavChunkInfo(id, bodyOffset, size));
            if (id == "fmt ")
            {
                if (format is not null) throw new WavFormatException(Source, chunkOffset, "second 'fmt ' chunk");
                if (size < 16) throw new WavFormatException(Source, chunkOffset + 4, $"'fmt ' chunk of {size} bytes is shorter than the 16 every format needs");
                if (size > MaxFormatChunk) throw new WavFormatException(Source, chunkOffset + 4, $"'fmt ' chunk of {size} bytes is implausibly large (at most {MaxFormatChunk})");
                var fmt = fmtBuffer[..(int)size];
                ReadExactly(fmt, "the 'fmt ' chunk");
                format = ParseFormat(fmt, bodyOffset);
                Skip(size & 1, id, chunkOffset);
                continue;
            }

            Skip(size + (size & 1), id, chunkOffset);
        }
    }

    private WavFormat ParseFormat(ReadOnlySpan<byte> fmt, long at)
    {
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        uint mask = 0;
        var code = tag;
        if (tag == TagExtensible)
        {
            if (fmt.Length < 40)
                throw new WavFormatException(Source, at, $"WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk has {fmt.Length} bytes, needs 40");
            var extra = BinaryPrimitives.ReadUInt16LittleEndian(fmt[16..]);
            if (extra < 22) throw new WavFormatException(Source, at + 16, $"WAVE_FORMAT_EXTENSIBLE extension size is {extra}, needs 22");
            var validBits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[18..]);
            mask = BinaryPrimitives.ReadUInt32LittleEndian(fmt[20..]);
            code = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
            if (!fmt[26..40].SequenceEqual(SubFormatTail))
                throw new WavFormatException(Source, at + 24, "WAVE_FORMAT_EXTENSIBLE sub-format is not a PCM or IEEE-float GUID");
            if (validBits > bits || validBits == 0)
                throw new WavFormatException(Source, at + 18, $"valid bits per sample {validBits} is not in 1..{bits}");
        }
        if (channels == 0 || channels > WavFormat.MaxChannels)
            throw new WavFormatException(Source, at + 2, $"channel count {channels} is not in 1..{WavFormat.MaxChannels}");
        if (rate == 0 || rate > 10_000_000)
            throw new WavFormatException(Source, at + 4, $"sample rate {rate} Hz is not in 1..10000000");
        WavSampleFormat sampleFormat = (code, bits) switch
        {
            (TagPcm, 8) => WavSampleFormat.UInt8,
            (TagPcm, 16) => WavSampleFormat.Int16,
            (TagPcm, 24) => WavSampleFormat.Int24,
            (TagPcm, 32) => WavSampleFormat.Int32,
            (TagFloat, 32) => WavSampleFormat.Float32,
            (TagFloat, 64) => WavSampleFormat.Float64,
            (TagPcm or TagFloat, _) => throw new WavFormatException(Source, at + 14,
                $"{bits} bits per sample is not supported for {(code == TagPcm ? "PCM" : "float")} (PCM: 8, 16, 24, 32; float: 32, 64)"),
            _ => throw new WavFormatException(Source, at, $"format tag 0x{code:X4} is not PCM (1) or IEEE float (3); compressed WAV is not supported"),
        };
        var format = new WavFormat((int)rate, channels, sampleFormat, mask);
        if (blockAlign != format.BlockAlign)
            throw new WavFormatException(Source, at + 12, $"block align {blockAlign} does not match {channels} channels x {bits / 8} bytes");
        return format;
    }

    // Bytes 2..15 of KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: {0000000X-0000-0010-8000-00AA00389B71}.
    internal static ReadOnlySpan<byte> SubFormatTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    private void Skip(long bytes, string id, long chunkOffset)
    {
        if (bytes == 0) return;
        if (_stream.CanSeek)
        {
            var length = _stream.Length;
            // A pad byte missing at the very end is common and harmless; anything more is a truncated chunk.
            if (_position + bytes > length + 1)
                throw new WavFormatException(Source, chunkOffset,
                    $"chunk '{id}' declares {bytes} bytes from byte {_position} but the file ends at byte {length}");
            _position = Math.Min(_position + bytes, length);
            _stream.Position = _position;
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(bytes, BlockBytes));
        try
        {
            var left = bytes;
            while (left > 0)
            {
                var n = ReadFully(buffer.AsSpan(0, (int)Math.Min(left, buffer.Length)));
                if (n == 0) throw new WavFormatException(Source, chunkOffset, $"file ends inside chunk '{id}' at byte {_position}");
                left -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsChunkId(ReadOnlySpan<byte> id)
    {
        foreach (var b in id)
            if (b < 0x20 || b > 0x7E) return false;
        return true;
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (var b in bytes) sb.Append(b is >= 0x20 and <= 0x7E ? (char)b : $"\\x{b:X2}");
        return sb.ToString();
    }
}
