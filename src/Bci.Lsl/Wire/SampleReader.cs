using System.Buffers.Binary;
using System.Text;
using Bci.Core.Streams;

namespace Bci.Lsl.Wire;

/// <summary>
/// Decodes LSL protocol 1.10 samples from a byte stream (no framing: only channel count and format delimit
/// them). Numeric values come out as little-endian wire bytes; deduced timestamps (tag 1) become the previous
/// timestamp plus 1/rate (irregular streams: the previous one), as liblsl computes them.
/// </summary>
internal sealed class SampleReader(Stream input, ChannelFormat format, int channels, double nominalRate, bool bigEndian)
{
    private readonly byte[] _eight = new byte[8];
    private readonly int _valueSize = format.ValueSize();
    private double _previous;

    /// <summary>Bytes consumed so far (for error messages that give the place).</summary>
    public long Position { get; private set; }

    public int NumericSize => channels * _valueSize;

    /// <summary>The timestamp of the last sample read (the base of the next deduced one).</summary>
    public double LastTimestamp => _previous;

    /// <summary>Reads one numeric sample's values into <paramref name="values"/> (little endian); returns its timestamp.</summary>
    public double ReadNumeric(Span<byte> values)
    {
        var timestamp = ReadTimestamp();
        Fill(values[..NumericSize]);
        if (bigEndian && _valueSize > 1)
        {
            for (var i = 0; i < NumericSize; i += _valueSize) values.Slice(i, _valueSize).Reverse();
        }
        return timestamp;
    }

    /// <summary>Reads one string sample into <paramref name="values"/>; returns its timestamp.</summary>
    public double ReadStrings(string[] values, int maxLength = 64 << 20)
    {
        var timestamp = ReadTimestamp();
        for (var c = 0; c < channels; c++)
        {
            var width = ReadByte();
            if (width is not (1 or 2 or 4 or 8))
                throw new InvalidDataException($"string channel {c} at byte {Position - 1}: length field width {width} (expected 1, 2, 4 or 8)");
            var span = _eight.AsSpan(0, width);
            Fill(span);
            if (bigEndian) span.Reverse();
            var length = width switch
            {
                1 => span[0],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(span),
                4 => (long)BinaryPrimitives.ReadUInt32LittleEndian(span),
                _ => (long)BinaryPrimitives.ReadUInt64LittleEndian(span),
            };
            if (length > maxLength)
                throw new InvalidDataException($"string channel {c} at byte {Position}: length {length} exceeds the {maxLength}-byte limit");
            var bytes = new byte[length];
            Fill(bytes);
            values[c] = Encoding.UTF8.GetString(bytes);
        }
        return timestamp;
    }

    /// <summary>Reads the tag and, when present, the timestamp of the next sample.</summary>
    public double ReadTimestamp()
    {
        var tag = ReadByte();
        double timestamp;
        if (tag == SampleWriter.TagDeduced)
            timestamp = nominalRate > 0 ? _previous + 1.0 / nominalRate : _previous;
        else
        {
            Fill(_eight);
            timestamp = bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(_eight) : BinaryPrimitives.ReadDoubleLittleEndian(_eight);
        }
        _previous = timestamp;
        return timestamp;
    }

    private byte ReadByte()
    {
        var b = input.ReadByte();
        if (b < 0) throw new EndOfStreamException($"the outlet closed the connection (after {Position} bytes)");
        Position++;
        return (byte)b;
    }

    private void Fill(Span<byte> destination)
    {
        var read = 0;
        while (read < destination.Length)
        {
            var n = input.Read(destination[read..]);
            if (n <= 0) throw new EndOfStreamException($"the outlet closed the connection in the middle of a sample (after {Position + read} bytes)");
            read += n;
        }
        Position += read;
    }
}
