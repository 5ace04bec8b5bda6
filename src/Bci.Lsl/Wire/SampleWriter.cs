using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using Bci.Core.Streams;

namespace Bci.Lsl.Wire;

/// <summary>
/// Serialises samples in LSL data protocol 1.10 (little endian): tag byte (2 = timestamp follows, 1 = deduced),
/// the timestamp as a double, then the channel values; strings as a length-width byte, the length and the bytes.
/// </summary>
internal static class SampleWriter
{
    public const byte TagDeduced = 1;
    public const byte TagTimestamp = 2;

    /// <summary>Bytes of one numeric sample with an explicit timestamp.</summary>
    public static int NumericSampleSize(int channels, ChannelFormat format) => 9 + channels * format.ValueSize();

    /// <summary>Writes one numeric sample at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int WriteNumeric<T>(Span<byte> destination, double timestamp, ReadOnlySpan<T> values, ChannelFormat format) where T : unmanaged, INumberBase<T>
    {
        destination[0] = TagTimestamp;
        BinaryPrimitives.WriteDoubleLittleEndian(destination[1..], timestamp);
        var size = values.Length * format.ValueSize();
        ValueConverter.Write(values, format, destination.Slice(9, size));
        return 9 + size;
    }

    /// <summary>Bytes of one string sample with an explicit timestamp.</summary>
    public static int StringSampleSize(IReadOnlyList<string> values)
    {
        var size = 9;
        foreach (var v in values)
        {
            var n = Encoding.UTF8.GetByteCount(v);
            size += 1 + LengthWidth(n) + n;
        }
        return size;
    }

    public static int WriteString(Span<byte> destination, double timestamp, IReadOnlyList<string> values)
    {
        destination[0] = TagTimestamp;
        BinaryPrimitives.WriteDoubleLittleEndian(destination[1..], timestamp);
        var at = 9;
        foreach (var v in values)
        {
            var n = Encoding.UTF8.GetByteCount(v);
            var width = LengthWidth(n);
            destination[at++] = (byte)width;
            switch (width)
            {
                case 1: destination[at] = (byte)n; break;
                case 4: BinaryPrimitives.WriteUInt32LittleEndian(destination[at..], (uint)n); break;
                default: BinaryPrimitives.WriteUInt64LittleEndian(destination[at..], (ulong)n); break;
            }
            at += width;
            at += Encoding.UTF8.GetBytes(v, destination[at..]);
        }
        return at;
    }

    // liblsl writes a 1-byte length up to 255 bytes, 4 bytes up to 2^32-1, else 8.
    private static int LengthWidth(int length) => length <= byte.MaxValue ? 1 : 4;
}
