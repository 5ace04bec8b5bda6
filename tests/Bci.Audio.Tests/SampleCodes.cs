using System.Buffers.Binary;
using Bci.Audio.Wav;

namespace Bci.Audio.Tests;

/// <summary>
/// Random sample values that every format holds exactly (integer codes k / 2^(n-1); floats on the k / 2^23 grid,
/// which sox's internal 32-bit integer path keeps exactly), with the extremes first, and their raw little-endian bytes.
/// </summary>
internal static class SampleCodes
{
    public static WavSampleFormat[] AllFormats =>
        [WavSampleFormat.UInt8, WavSampleFormat.Int16, WavSampleFormat.Int24, WavSampleFormat.Int32, WavSampleFormat.Float32, WavSampleFormat.Float64];

    public static double[] Values(WavSampleFormat format, int count, int seed)
    {
        var random = new Random(seed);
        var bits = format switch
        {
            WavSampleFormat.UInt8 => 8,
            WavSampleFormat.Int16 => 16,
            WavSampleFormat.Int24 => 24,
            WavSampleFormat.Int32 => 32,
            _ => 24,
        };
        var scale = Math.Pow(2, bits - 1);
        var values = new double[count];
        for (var i = 0; i < count; i++) values[i] = random.NextInt64(-(long)scale, (long)scale) / scale;
        if (count > 2)
        {
            values[0] = -1;
            values[1] = ((long)scale - 1) / scale;
            values[2] = 0;
        }
        return values;
    }

    /// <summary>The raw bytes sox writes for these values (-t raw with the same encoding), computed here independently.</summary>
    public static byte[] Raw(WavSampleFormat format, double[] values)
    {
        var bytes = format switch
        {
            WavSampleFormat.UInt8 => 1,
            WavSampleFormat.Int16 => 2,
            WavSampleFormat.Int24 => 3,
            WavSampleFormat.Int32 or WavSampleFormat.Float32 => 4,
            _ => 8,
        };
        var raw = new byte[values.Length * bytes];
        for (var i = 0; i < values.Length; i++)
        {
            var span = raw.AsSpan(i * bytes);
            var v = values[i];
            switch (format)
            {
                case WavSampleFormat.UInt8: span[0] = (byte)(v * 128 + 128); break;
                case WavSampleFormat.Int16: BinaryPrimitives.WriteInt16LittleEndian(span, checked((short)(v * 32768))); break;
                case WavSampleFormat.Int24:
                    var k = checked((int)(v * 8388608));
                    span[0] = (byte)k; span[1] = (byte)(k >> 8); span[2] = (byte)(k >> 16);
                    break;
                case WavSampleFormat.Int32: BinaryPrimitives.WriteInt32LittleEndian(span, checked((int)(v * 2147483648.0))); break;
                case WavSampleFormat.Float32: BinaryPrimitives.WriteSingleLittleEndian(span, (float)v); break;
                default: BinaryPrimitives.WriteDoubleLittleEndian(span, v); break;
            }
        }
        return raw;
    }
}
