using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Bci.Recording.IO;

/// <summary>
/// Small positional reads served from a pooled window of the file, refilled from the asked offset when a read
/// falls outside it: a scan that reads a few header bytes of every small chunk (markers, clock offsets) makes one
/// system call per window, not one per chunk. The window is small because copying the content of larger chunks
/// in with it cost more than the calls it saved (64 KB windows: 30 to 36 ms CPU to open a 41 MB XDF file of 6.6 KB
/// chunks; 1 KB: 20 to 30 ms). Reads larger than the window go to the file directly.
/// </summary>
internal sealed class ReadAheadWindow(SafeFileHandle handle, int size = 1 << 10) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(size);
    private long _start;
    private int _length;

    /// <summary>Reads up to destination.Length bytes at <paramref name="offset"/>; fewer only at the end of the file.</summary>
    public int ReadAtMost(Span<byte> destination, long offset)
    {
        if (destination.Length > size) return FileReads.ReadAtMost(handle, destination, offset);
        if (offset < _start || offset + destination.Length > _start + _length)
        {
            _start = offset;
            _length = FileReads.ReadAtMost(handle, _buffer.AsSpan(0, size), offset);
        }
        var n = (int)Math.Min(_start + _length - offset, destination.Length);
        _buffer.AsSpan((int)(offset - _start), n).CopyTo(destination);
        return n;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
