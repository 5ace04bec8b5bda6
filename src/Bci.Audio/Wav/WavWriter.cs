using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Bci.Audio.Wav;

/// <summary>
/// Writes a WAV file as frames arrive. The header is written first with provisional sizes and patched on
/// <see cref="Flush"/> and <see cref="Dispose"/>, so a file cut short by a crash still holds every flushed frame.
/// Formats above 16 bits or 2 channels use WAVE_FORMAT_EXTENSIBLE (as Microsoft's guidance and sox do); float
/// files carry the 'fact' chunk the specification asks for. A 28-byte 'JUNK' chunk is reserved after the RIFF
/// header (EBU Tech 3306), so a file that grows past 4 GiB becomes RF64 in place when it is closed; with
/// <see cref="WavWriterOptions.AllowRf64"/> off, the write that would pass 4 GiB throws instead.
/// </summary>
public sealed class WavWriter : IDisposable
{
    private const int BlockBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly WavWriterOptions _options;
    private readonly long _limit;
    private readonly long _junkOffset = -1;
    private readonly long _factOffset = -1;
    private readonly long _dataSizeOffset;
    private readonly long _dataOffset;
    private long _dataBytes;
    private bool _disposed;

    private WavWriter(Stream stream, WavFormat format, WavWriterOptions options, bool leaveOpen, long riffLimit)
    {
        if (!stream.CanSeek || !stream.CanWrite)
            throw new ArgumentException("a WAV writer needs a writable, seekable stream (its header is patched at the end)", nameof(stream));
        _stream = stream;
        _leaveOpen = leaveOpen;
        _options = options;
        _limit = riffLimit;
        Format = format;

        var header = new MemoryStream();
        var w = new BinaryWriter(header, Encoding.ASCII, leaveOpen: true);
        w.Write("RIFF"u8);
        w.Write(0u);
        w.Write("WAVE"u8);
        if (options.AllowRf64)
        {
            _junkOffset = header.Position;
            w.Write("JUNK"u8);
            w.Write(28u);
            w.Write(new byte[28]);
        }
        var extensible = options.Extensible ?? (format.Channels > 2 || format.BitsPerSample > 16);
        w.Write("fmt "u8);
        w.Write(extensible ? 40u : format.IsFloat ? 18u : 16u);
        w.Write((ushort)(extensible ? 0xFFFE : format.IsFloat ? 3 : 1));
        w.Write((ushort)format.Channels);
        w.Write((uint)format.SampleRate);
        w.Write((uint)(format.SampleRate * format.BlockAlign));
        w.Write((ushort)format.BlockAlign);
        w.Write((ushort)format.BitsPerSample);
        if (extensible)
        {
            w.Write((ushort)22);
            w.Write((ushort)format.BitsPerSample);
            w.Write(format.ChannelMask != 0 ? format.ChannelMask : WavFormat.DefaultChannelMask(format.Channels));
            w.Write((ushort)(format.IsFloat ? 3 : 1));
            w.Write(WavReader.SubFormatTail);
        }
        else if (format.IsFloat)
            w.Write((ushort)0);
        if (format.IsFloat)
        {
            w.Write("fact"u8);
            w.Write(4u);
            _factOffset = header.Position;
            w.Write(0u);
        }
        if (options.Comment is { Length: > 0 } comment)
        {
            var text = Encoding.UTF8.GetBytes(comment + "\0");
            var padded = text.Length + (text.Length & 1);
            w.Write("LIST"u8);
            w.Write((uint)(4 + 8 + padded));
            w.Write("INFO"u8);
            w.Write("ICMT"u8);
            w.Write((uint)text.Length);
            w.Write(text);
            if ((text.Length & 1) == 1) w.Write((byte)0);
        }
        w.Write("data"u8);
        _dataSizeOffset = header.Position;
        w.Write(0u);
        w.Flush();

        var origin = stream.Position;
        if (_junkOffset >= 0) _junkOffset += origin;
        if (_factOffset >= 0) _factOffset += origin;
        _dataSizeOffset += origin;
        _dataOffset = origin + header.Length;
        HeaderOrigin = origin;
        header.Position = 0;
        header.CopyTo(stream);
        PatchSizes();
    }

    /// <summary>Creates (or replaces) a WAV file.</summary>
    public static WavWriter Create(string path, WavFormat format, WavWriterOptions? options = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1);
        return new WavWriter(stream, format, options ?? new WavWriterOptions(), leaveOpen: false, uint.MaxValue);
    }

    public static WavWriter ToStream(Stream stream, WavFormat format, WavWriterOptions? options = null, bool leaveOpen = false) =>
        new(stream, format, options ?? new WavWriterOptions(), leaveOpen, uint.MaxValue);

    /// <summary>As <see cref="ToStream"/>, with a RIFF size limit below 4 GiB so tests can reach the RF64 path with small files.</summary>
    internal static WavWriter ToStreamWithLimit(Stream stream, WavFormat format, WavWriterOptions options, long riffLimit) =>
        new(stream, format, options, leaveOpen: true, riffLimit);

    public WavFormat Format { get; }

    public long FramesWritten => _dataBytes / Format.BlockAlign;

    /// <summary>Integer samples that were outside [-1, 1) (or NaN) and were clipped.</summary>
    public long ClippedSamples { get; private set; }

    /// <summary>True once the file was closed as RF64 because it passed the RIFF size limit.</summary>
    public bool WroteRf64 { get; private set; }

    private long HeaderOrigin { get; }

    /// <summary>Writes interleaved frames (values in [-1, 1); integers are rounded and clipped).</summary>
    public void Write(ReadOnlySpan<double> interleaved)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (interleaved.Length % Format.Channels != 0)
            throw new ArgumentException($"{interleaved.Length} values are not whole frames of {Format.Channels} channels", nameof(interleaved));
        CheckLimit(interleaved.Length / Format.Channels);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            var perBlock = Math.Max(1, BlockBytes / Format.BlockAlign) * Format.Channels;
            for (var start = 0; start < interleaved.Length; start += perBlock)
            {
                var n = Math.Min(perBlock, interleaved.Length - start);
                var bytes = buffer.AsSpan(0, n * Format.BytesPerSample);
                ClippedSamples += SampleCodec.Encode(interleaved.Slice(start, n), bytes, Format.SampleFormat);
                _stream.Write(bytes);
                _dataBytes += bytes.Length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes interleaved float frames.</summary>
    public void Write(ReadOnlySpan<float> interleaved)
    {
        var scratch = ArrayPool<double>.Shared.Rent(Math.Min(interleaved.Length, 8192 * Format.Channels));
        try
        {
            var perBlock = scratch.Length / Format.Channels * Format.Channels;
            for (var start = 0; start < interleaved.Length; start += perBlock)
            {
                var n = Math.Min(perBlock, interleaved.Length - start);
                for (var i = 0; i < n; i++) scratch[i] = interleaved[start + i];
                Write(scratch.AsSpan(0, n));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    /// <summary>Patches the header to the frames written so far, so the file is complete and readable as it stands.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        PatchSizes();
        _stream.Flush();
    }

    public void Dispose()
    {
        if (_disposed) return;
        try
        {
            PatchSizes();
            _stream.Flush();
        }
        finally
        {
            _disposed = true;
            if (!_leaveOpen) _stream.Dispose();
        }
    }

    private void CheckLimit(long frames)
    {
        var riffSize = RiffSize(_dataBytes + frames * Format.BlockAlign);
        if (riffSize > _limit && !_options.AllowRf64)
            throw new IOException(
                $"WAV data would pass {_limit} bytes, the most a RIFF file can hold; write with RF64 allowed (the default) for longer files");
    }

    private long RiffSize(long dataBytes) => _dataOffset - HeaderOrigin - 8 + dataBytes + (dataBytes & 1);

    private void PatchSizes()
    {
        var end = _stream.Position;
        var pad = (_dataBytes & 1) == 1;
        if (pad && end == _dataOffset + _dataBytes) _stream.WriteByte(0); // RIFF chunks are word aligned
        var riffSize = RiffSize(_dataBytes);
        Span<byte> four = stackalloc byte[4];
        if (riffSize > _limit)
        {
            WroteRf64 = true;
            Put(HeaderOrigin, "RF64"u8);
            Put32(HeaderOrigin + 4, uint.MaxValue);
            Span<byte> ds64 = stackalloc byte[36];
            "ds64"u8.CopyTo(ds64);
            BinaryPrimitives.WriteUInt32LittleEndian(ds64[4..], 28);
            BinaryPrimitives.WriteInt64LittleEndian(ds64[8..], riffSize);
            BinaryPrimitives.WriteInt64LittleEndian(ds64[16..], _dataBytes);
            BinaryPrimitives.WriteInt64LittleEndian(ds64[24..], FramesWritten);
            BinaryPrimitives.WriteUInt32LittleEndian(ds64[32..], 0);
            Put(_junkOffset, ds64);
            Put32(_dataSizeOffset, uint.MaxValue);
            if (_factOffset >= 0) Put32(_factOffset, uint.MaxValue);
        }
        else
        {
            Put32(HeaderOrigin + 4, (uint)riffSize);
            Put32(_dataSizeOffset, (uint)_dataBytes);
            if (_factOffset >= 0) Put32(_factOffset, (uint)Math.Min(FramesWritten, uint.MaxValue));
        }
        _stream.Position = _dataOffset + _dataBytes;
    }

    private void Put(long offset, ReadOnlySpan<byte> bytes)
    {
        _stream.Position = offset;
        _stream.Write(bytes);
    }

    private void Put32(long offset, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        Put(offset, b);
    }
}
