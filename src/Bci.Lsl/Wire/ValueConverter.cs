using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Bci.Core.Streams;

namespace Bci.Lsl.Wire;

/// <summary>
/// Converts between caller values (any numeric type) and a channel format's little-endian wire bytes. Same-type
/// conversions are plain copies (bit-exact); others follow C casts, saturating for integers.
/// </summary>
internal static class ValueConverter
{
    public static void Write<T>(ReadOnlySpan<T> source, ChannelFormat format, Span<byte> destination) where T : unmanaged, INumberBase<T>
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the managed LSL implementation runs on little-endian machines");
        if (IsNative<T>(format))
        {
            MemoryMarshal.AsBytes(source).CopyTo(destination);
            return;
        }
        switch (format)
        {
            case ChannelFormat.Float32:
                for (var i = 0; i < source.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], float.CreateTruncating(source[i]));
                break;
            case ChannelFormat.Double64:
                for (var i = 0; i < source.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(destination[(i * 8)..], double.CreateTruncating(source[i]));
                break;
            case ChannelFormat.Int8:
                for (var i = 0; i < source.Length; i++) destination[i] = (byte)sbyte.CreateSaturating(Rounded(source[i]));
                break;
            case ChannelFormat.Int16:
                for (var i = 0; i < source.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(destination[(i * 2)..], short.CreateSaturating(Rounded(source[i])));
                break;
            case ChannelFormat.Int32:
                for (var i = 0; i < source.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(destination[(i * 4)..], int.CreateSaturating(Rounded(source[i])));
                break;
            case ChannelFormat.Int64:
                for (var i = 0; i < source.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(destination[(i * 8)..], long.CreateSaturating(Rounded(source[i])));
                break;
            default:
                throw new InvalidOperationException($"numeric values cannot be written to a {format.ToName()} stream");
        }
    }

    public static void Read<T>(ReadOnlySpan<byte> source, ChannelFormat format, Span<T> destination) where T : unmanaged, INumberBase<T>
    {
        if (IsNative<T>(format))
        {
            source[..(destination.Length * format.ValueSize())].CopyTo(MemoryMarshal.AsBytes(destination));
            return;
        }
        switch (format)
        {
            case ChannelFormat.Float32:
                for (var i = 0; i < destination.Length; i++) destination[i] = T.CreateSaturating(BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]));
                break;
            case ChannelFormat.Double64:
                for (var i = 0; i < destination.Length; i++) destination[i] = T.CreateSaturating(BinaryPrimitives.ReadDoubleLittleEndian(source[(i * 8)..]));
                break;
            case ChannelFormat.Int8:
                for (var i = 0; i < destination.Length; i++) destination[i] = T.CreateSaturating((sbyte)source[i]);
                break;
            case ChannelFormat.Int16:
                for (var i = 0; i < destination.Length; i++) destination[i] = T.CreateSaturating(BinaryPrimitives.ReadInt16LittleEndian(source[(i * 2)..]));
                break;
            case ChannelFormat.Int32:
                for (var i = 0; i < destination.Length; i++) destination[i] = T.CreateSaturating(BinaryPrimitives.ReadInt32LittleEndian(source[(i * 4)..]));
                break;
            case ChannelFormat.Int64:
                for (var i = 0; i < destination.Length; i++) destination[i] = T.CreateSaturating(BinaryPrimitives.ReadInt64LittleEndian(source[(i * 8)..]));
                break;
            default:
                throw new InvalidOperationException($"a {format.ToName()} stream has no numeric values");
        }
    }

    /// <summary>Text of one value for string conversions (numeric streams read as strings and the reverse).</summary>
    public static string ToText(ReadOnlySpan<byte> value, ChannelFormat format) => format switch
    {
        ChannelFormat.Float32 => BinaryPrimitives.ReadSingleLittleEndian(value).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ChannelFormat.Double64 => BinaryPrimitives.ReadDoubleLittleEndian(value).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ChannelFormat.Int8 => ((sbyte)value[0]).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ChannelFormat.Int16 => BinaryPrimitives.ReadInt16LittleEndian(value).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ChannelFormat.Int32 => BinaryPrimitives.ReadInt32LittleEndian(value).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ChannelFormat.Int64 => BinaryPrimitives.ReadInt64LittleEndian(value).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException(),
    };

    private static bool IsNative<T>(ChannelFormat format) => format switch
    {
        ChannelFormat.Float32 => typeof(T) == typeof(float),
        ChannelFormat.Double64 => typeof(T) == typeof(double),
        ChannelFormat.Int8 => typeof(T) == typeof(sbyte),
        ChannelFormat.Int16 => typeof(T) == typeof(short),
        ChannelFormat.Int32 => typeof(T) == typeof(int),
        ChannelFormat.Int64 => typeof(T) == typeof(long),
        _ => false,
    };

    // Floating values going to an integer stream are rounded to nearest (a float 2.9999 meant 3).
    private static double Rounded<T>(T value) where T : INumberBase<T> => Math.Round(double.CreateTruncating(value));
}
