using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using System.Text;
using Bci.Core.Streams;

namespace Bci.Recording.Xdf;

/// <summary>
/// Parses the samples of one Samples chunk: a variable-length count, then per sample a timestamp flag (0: the
/// timestamp is the previous one plus 1/nominal rate; otherwise 8 bytes follow) and the values (fixed-size
/// little-endian numbers, or one length-prefixed UTF-8 string per channel).
/// </summary>
internal static class XdfSampleParser
{
    private const int MaxStringBytes = 1 << 20;

    /// <summary>Smallest number of bytes one sample can take: lets a count be checked before anything is allocated.</summary>
    public static long MinimumSampleBytes(ChannelFormat format, int channels) =>
        1 + (format == ChannelFormat.String ? 2L * channels : (long)format.ValueSize() * channels);

    public static int ReadCount(XdfCursor cursor, ChannelFormat format, int channels)
    {
        var at = cursor.Position;
        var count = cursor.VarLen("sample count");
        var minimum = MinimumSampleBytes(format, channels);
        if (count > (ulong)(cursor.Remaining / minimum) || count > int.MaxValue)
            throw new XdfCursor.Overrun(at, $"sample count {count} cannot fit in the chunk's {cursor.Remaining} bytes");
        return (int)count;
    }

    /// <summary>Reads one timestamp (given or deduced) and updates <paramref name="last"/>.</summary>
    public static double Timestamp(XdfCursor cursor, ref double last, double tdiff)
    {
        var flag = cursor.Byte("timestamp flag");
        last = flag != 0 ? cursor.Double("timestamp") : last + tdiff;
        return last;
    }

    public static void SkipValues(XdfCursor cursor, ChannelFormat format, int channels)
    {
        if (format != ChannelFormat.String)
        {
            cursor.Skip((long)format.ValueSize() * channels, "sample values");
            return;
        }
        for (var c = 0; c < channels; c++)
        {
            var length = cursor.VarLen("string length");
            if (length > (ulong)cursor.Remaining) throw new XdfCursor.Overrun(cursor.Position, $"string of {length} bytes");
            cursor.Skip((long)length, "string");
        }
    }

    /// <summary>Reads one sample's numbers into <paramref name="destination"/>, scaled per channel when <paramref name="scale"/> is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Values(XdfCursor cursor, ChannelFormat format, Span<double> destination, double[]? scale)
    {
        var channels = destination.Length;
        var size = format.ValueSize();
        var bytes = cursor.Bytes(size * channels, "sample values");
        switch (format)
        {
            case ChannelFormat.Float32:
                Bci.Recording.Records.SampleConversion.Float32(bytes, destination);
                break;
            case ChannelFormat.Double64:
                for (var c = 0; c < channels; c++) destination[c] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * c)..]);
                break;
            case ChannelFormat.Int32:
                for (var c = 0; c < channels; c++) destination[c] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * c)..]);
                break;
            case ChannelFormat.Int16:
                for (var c = 0; c < channels; c++) destination[c] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * c)..]);
                break;
            case ChannelFormat.Int8:
                for (var c = 0; c < channels; c++) destination[c] = (sbyte)bytes[c];
                break;
            case ChannelFormat.Int64:
                for (var c = 0; c < channels; c++) destination[c] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 * c)..]);
                break;
            default:
                throw new InvalidOperationException($"{format} is not numeric");
        }
        if (scale is not null)
            for (var c = 0; c < channels; c++) destination[c] *= scale[c];
    }

    public static string Strings(XdfCursor cursor, int channels)
    {
        if (channels == 1) return OneString(cursor);
        var parts = new string[channels];
        for (var c = 0; c < channels; c++) parts[c] = OneString(cursor);
        return string.Join('\t', parts);
    }

    private static string OneString(XdfCursor cursor)
    {
        var at = cursor.Position;
        var length = cursor.VarLen("string length");
        if (length > MaxStringBytes) throw new XdfCursor.Overrun(at, $"string of {length} bytes (more than {MaxStringBytes})");
        return Encoding.UTF8.GetString(cursor.Bytes((int)length, "string"));
    }
}
