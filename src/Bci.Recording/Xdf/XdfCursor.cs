using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Bci.Recording.Xdf;

/// <summary>
/// Reads the bytes of one region of an XDF file (a chunk's content) through a fixed buffer, so that no length
/// field in the file decides how much memory is taken. Reading past the region's end throws
/// <see cref="XdfCursor.Overrun"/>, which the callers turn into a problem report for that chunk. The buffer is
/// pooled: a fresh megabyte per open and per stream read cost more in page faults than parsing a small file.
/// </summary>
internal sealed class XdfCursor : IDisposable
{
    private const int BufferSize = 1 << 20;
    private readonly SafeFileHandle _handle;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private long _bufferStart;   // file offset of _buffer[0]
    private int _bufferLength;
    private int _index;
    private long _end;

    public XdfCursor(SafeFileHandle handle) => _handle = handle;

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }

    public sealed class Overrun(long offset, string what) : Exception($"{what} runs past the end of its chunk")
    {
        public long Offset { get; } = offset;
    }

    public long Position => _bufferStart + _index;

    public long Remaining => _end - Position;

    /// <summary>Starts reading [start, end) of the file.</summary>
    public void Seek(long start, long end)
    {
        _end = end;
        if (start >= _bufferStart && start <= _bufferStart + _bufferLength)
        {
            _index = (int)(start - _bufferStart);
            return;
        }
        _bufferStart = start;
        _bufferLength = 0;
        _index = 0;
    }

    private void Need(int count, string what)
    {
        if (Position + count > _end) throw new Overrun(Position, what);
        if (_index + count <= _bufferLength) return;
        // Move the unread tail to the front and fill the rest from the file.
        var keep = _bufferLength - _index;
        Buffer.BlockCopy(_buffer, _index, _buffer, 0, keep);
        _bufferStart += _index;
        _index = 0;
        _bufferLength = keep;
        while (_bufferLength < count)
        {
            // Reads ahead past the region: the next chunk usually follows, and one read per small chunk cost more
            // than parsing it. Position + count <= _end was checked, so what is missing exists unless the file shrank.
            var want = BufferSize - _bufferLength;
            var n = RandomAccess.Read(_handle, _buffer.AsSpan(_bufferLength, want), _bufferStart + _bufferLength);
            if (n == 0) throw new Overrun(Position, what + " (file ended)");
            _bufferLength += n;
        }
    }

    public byte Byte(string what)
    {
        Need(1, what);
        return _buffer[_index++];
    }

    public uint UInt32(string what)
    {
        Need(4, what);
        var v = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_index));
        _index += 4;
        return v;
    }

    public double Double(string what)
    {
        Need(8, what);
        var v = BinaryPrimitives.ReadDoubleLittleEndian(_buffer.AsSpan(_index));
        _index += 8;
        return v;
    }

    /// <summary>XDF's variable-length integer: one byte giving the width (1, 4 or 8), then the value.</summary>
    public ulong VarLen(string what)
    {
        var at = Position;
        var width = Byte(what);
        switch (width)
        {
            case 1: return Byte(what);
            case 4: return UInt32(what);
            case 8:
                Need(8, what);
                var v = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(_index));
                _index += 8;
                return v;
            default: throw new Overrun(at, $"{what}: invalid variable-length integer width {width}");
        }
    }

    /// <summary>The next <paramref name="count"/> bytes, valid until the next read (count at most 1 MiB).</summary>
    public ReadOnlySpan<byte> Bytes(int count, string what)
    {
        if (count > BufferSize) throw new Overrun(Position, $"{what} of {count} bytes");
        Need(count, what);
        var span = _buffer.AsSpan(_index, count);
        _index += count;
        return span;
    }

    public void Skip(long count, string what)
    {
        if (Position + count > _end) throw new Overrun(Position, what);
        var inBuffer = _bufferLength - _index;
        if (count <= inBuffer) { _index += (int)count; return; }
        var target = Position + count;
        _bufferStart = target;
        _bufferLength = 0;
        _index = 0;
    }
}
