using System.Buffers.Binary;

namespace Bci.Audio.Wav;

/// <summary>
/// Converts between little-endian WAV sample bytes and normalised values in [-1, 1). Integer scaling is the one
/// sox, scipy and libsndfile use: an n-bit sample k maps to k / 2^(n-1) (8-bit: (k - 128) / 128), so every integer
/// value round-trips exactly through double.
/// </summary>
internal static class SampleCodec
{
    public static void Decode(ReadOnlySpan<byte> source, Span<double> destination, WavSampleFormat format)
    {
        switch (format)
        {
            case WavSampleFormat.UInt8:
                for (var i = 0; i < destination.Length; i++) destination[i] = (source[i] - 128) / 128.0;
                break;
            case WavSampleFormat.Int16:
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(2 * i)..]) / 32768.0;
                break;
            case WavSampleFormat.Int24:
                for (var i = 0; i < destination.Length; i++) destination[i] = ReadInt24(source[(3 * i)..]) / 8388608.0;
                break;
            case WavSampleFormat.Int32:
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(4 * i)..]) / 2147483648.0;
                break;
            case WavSampleFormat.Float32:
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                break;
            default:
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
                break;
        }
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<float> destination, WavSampleFormat format)
    {
        if (format == WavSampleFormat.Float32)
        {
            for (var i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
            return;
        }
        Span<double> scratch = stackalloc double[256];
        var bytes = Bytes(format);
        for (var start = 0; start < destination.Length; start += scratch.Length)
        {
            var n = Math.Min(scratch.Length, destination.Length - start);
            Decode(source.Slice(start * bytes, n * bytes), scratch[..n], format);
            for (var i = 0; i < n; i++) destination[start + i] = (float)scratch[i];
        }
    }

    /// <summary>Encodes values; integers are rounded to nearest and clipped to the format's range. Returns how many were clipped.</summary>
    public static int Encode(ReadOnlySpan<double> source, Span<byte> destination, WavSampleFormat format)
    {
        var clipped = 0;
        switch (format)
        {
            case WavSampleFormat.UInt8:
                for (var i = 0; i < source.Length; i++) destination[i] = (byte)(Quantise(source[i], 128, ref clipped) + 128);
                break;
            case WavSampleFormat.Int16:
                for (var i = 0; i < source.Length; i++)
                    BinaryPrimitives.WriteInt16LittleEndian(destination[(2 * i)..], (short)Quantise(source[i], 32768, ref clipped));
                break;
            case WavSampleFormat.Int24:
                for (var i = 0; i < source.Length; i++) WriteInt24(destination[(3 * i)..], (int)Quantise(source[i], 8388608, ref clipped));
                break;
            case WavSampleFormat.Int32:
                for (var i = 0; i < source.Length; i++)
                    BinaryPrimitives.WriteInt32LittleEndian(destination[(4 * i)..], (int)Quantise(source[i], 2147483648.0, ref clipped));
                break;
            case WavSampleFormat.Float32:
                for (var i = 0; i < source.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], (float)source[i]);
                break;
            default:
                for (var i = 0; i < source.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(destination[(8 * i)..], source[i]);
                break;
        }
        return clipped;
    }

    public static int Bytes(WavSampleFormat format) => format switch
    {
        WavSampleFormat.UInt8 => 1,
        WavSampleFormat.Int16 => 2,
        WavSampleFormat.Int24 => 3,
        WavSampleFormat.Int32 or WavSampleFormat.Float32 => 4,
        _ => 8,
    };

    private static long Quantise(double value, double scale, ref int clipped)
    {
        if (double.IsNaN(value))
        {
            clipped++;
            return 0;
        }
        var scaled = Math.Round(value * scale, MidpointRounding.AwayFromZero);
        if (scaled > scale - 1)
        {
            clipped++;
            return (long)scale - 1;
        }
        if (scaled < -scale)
        {
            clipped++;
            return -(long)scale;
        }
        return (long)scaled;
    }

    private static int ReadInt24(ReadOnlySpan<byte> b) => (b[0] | (b[1] << 8) | ((sbyte)b[2] << 16));

    private static void WriteInt24(Span<byte> b, int value)
    {
        b[0] = (byte)value;
        b[1] = (byte)(value >> 8);
        b[2] = (byte)(value >> 16);
    }
}
