using System.Buffers.Binary;
using Bci.Core.Streams;

namespace Bci.Lsl.Wire;

/// <summary>
/// The inlet's fast path for numeric protocol 1.10 data: reads whatever the connection has (up to 256 KB at a
/// time) and splits every complete sample in it, so a burst of samples costs one read and one hand-over to the
/// local buffer instead of one per sample. Values stay in the receive buffer (little endian after any swap) at the
/// offsets returned; deduced timestamps (tag 1) are the previous plus 1/rate, as <see cref="SampleReader"/> computes them.
/// </summary>
internal sealed class NumericBatchReader(Stream input, ChannelFormat format, int channels, double nominalRate, bool bigEndian, double previousTimestamp)
{
    private readonly int _valueSize = format.ValueSize();
    private readonly byte[] _buffer = new byte[Math.Max(1 << 18, 4 * (9 + channels * format.ValueSize()))];
    private double _previous = previousTimestamp;
    private int _start;
    private int _end;

    /// <summary>Bytes of one sample's values.</summary>
    public int ValueBytes => channels * _valueSize;

    /// <summary>The receive buffer the offsets of the last batch point into.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Bytes consumed so far (for error messages that give the place).</summary>
    public long Position { get; private set; }

    /// <summary>
    /// Waits for at least one complete sample, then returns how many complete samples are buffered (at most
    /// <paramref name="timestamps"/>.Length), their timestamps and where their values start in <see cref="Buffer"/>.
    /// The values stay valid until the next call.
    /// </summary>
    public int Read(Span<double> timestamps, Span<int> valueOffsets)
    {
        var max = Math.Min(timestamps.Length, valueOffsets.Length);
        while (true)
        {
            var n = Parse(timestamps, valueOffsets, max);
            if (n > 0) return n;
            Refill();
        }
    }

    private int Parse(Span<double> timestamps, Span<int> valueOffsets, int max)
    {
        var n = 0;
        var valueBytes = ValueBytes;
        while (n < max)
        {
            var available = _end - _start;
            if (available < 1) break;
            var deduced = _buffer[_start] == SampleWriter.TagDeduced;
            var header = deduced ? 1 : 9;
            if (available < header + valueBytes) break;
            double timestamp;
            if (deduced) timestamp = nominalRate > 0 ? _previous + 1.0 / nominalRate : _previous;
            else
            {
                var raw = _buffer.AsSpan(_start + 1, 8);
                timestamp = bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(raw) : BinaryPrimitives.ReadDoubleLittleEndian(raw);
            }
            var values = _start + header;
            if (bigEndian && _valueSize > 1)
                for (var i = 0; i < valueBytes; i += _valueSize) _buffer.AsSpan(values + i, _valueSize).Reverse();
            _previous = timestamp;
            timestamps[n] = timestamp;
            valueOffsets[n] = values;
            n++;
            _start = values + valueBytes;
            Position += header + valueBytes;
        }
        return n;
    }

    // Moves the incomplete tail to the front and reads more behind it (one read: whatever the socket has).
    private void Refill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        var read = input.Read(_buffer, _end, _buffer.Length - _end);
        if (read <= 0)
            throw new EndOfStreamException(_end == 0
                ? $"the outlet closed the connection (after {Position} bytes)"
                : $"the outlet closed the connection in the middle of a sample (after {Position + _end} bytes)");
        _end += read;
    }
}
