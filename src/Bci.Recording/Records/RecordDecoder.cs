using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bci.Recording.Records;

/// <summary>
/// Turns one signal's stored samples (contiguous inside a record) into physical values <c>raw * gain + offset</c>,
/// as doubles or floats. EDF's int16 and BDF's 24-bit take the vector paths of <see cref="SampleConversion"/>; the
/// other GDF types one scalar loop per type, which keeps the type switch out of the per-sample path.
/// </summary>
internal static class RecordDecoder
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Signal<T>(SampleType type, ReadOnlySpan<byte> source, Span<T> destination, double gain, double offset) where T : unmanaged
    {
        switch (type)
        {
            case SampleType.Int16: SampleConversion.Int16(source, destination, gain, offset); return;
            case SampleType.Int24: SampleConversion.Int24(source, destination, gain, offset); return;
            case SampleType.Int8: Scale(MemoryMarshal.Cast<byte, sbyte>(source), destination, gain, offset); return;
            case SampleType.UInt8: Scale(source, destination, gain, offset); return;
        }
        if (!BitConverter.IsLittleEndian)
        {
            Portable(type, source, destination, gain, offset);
            return;
        }
        switch (type)
        {
            case SampleType.UInt16: Scale(MemoryMarshal.Cast<byte, ushort>(source), destination, gain, offset); break;
            case SampleType.Int32: Scale(MemoryMarshal.Cast<byte, int>(source), destination, gain, offset); break;
            case SampleType.UInt32: Scale(MemoryMarshal.Cast<byte, uint>(source), destination, gain, offset); break;
            case SampleType.Int64: Scale(MemoryMarshal.Cast<byte, long>(source), destination, gain, offset); break;
            case SampleType.UInt64: Scale(MemoryMarshal.Cast<byte, ulong>(source), destination, gain, offset); break;
            case SampleType.Float32: Scale(MemoryMarshal.Cast<byte, float>(source), destination, gain, offset); break;
            default: Scale(MemoryMarshal.Cast<byte, double>(source), destination, gain, offset); break;
        }
    }

    /// <summary>Channel-major [channels x samples] to sample-major [samples x channels], in cache-sized tiles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose(ReadOnlySpan<double> channelMajor, int channels, int samples, Span<double> sampleMajor)
    {
        const int Tile = 16;
        for (var s0 = 0; s0 < samples; s0 += Tile)
        {
            var s1 = Math.Min(s0 + Tile, samples);
            for (var c0 = 0; c0 < channels; c0 += Tile)
            {
                var c1 = Math.Min(c0 + Tile, channels);
                for (var s = s0; s < s1; s++)
                {
                    var row = sampleMajor.Slice(s * channels, channels);
                    for (var c = c0; c < c1; c++) row[c] = channelMajor[c * samples + s];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale<TRaw, T>(ReadOnlySpan<TRaw> raw, Span<T> destination, double gain, double offset)
        where TRaw : System.Numerics.INumberBase<TRaw>
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            var d = MemoryMarshal.Cast<T, double>(destination);
            for (var s = 0; s < raw.Length; s++) d[s] = double.CreateTruncating(raw[s]) * gain + offset;
        }
        else
        {
            var f = MemoryMarshal.Cast<T, float>(destination);
            for (var s = 0; s < raw.Length; s++) f[s] = (float)(double.CreateTruncating(raw[s]) * gain + offset);
        }
    }

    private static void Portable<T>(SampleType type, ReadOnlySpan<byte> source, Span<T> destination, double gain, double offset) where T : unmanaged
    {
        var size = RecordLayout.SizeOf(type);
        var values = new double[source.Length / size];
        for (var i = 0; i < values.Length; i++)
        {
            var s = source.Slice(i * size, size);
            values[i] = type switch
            {
                SampleType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(s),
                SampleType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(s),
                SampleType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(s),
                SampleType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(s),
                SampleType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(s),
                SampleType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(s),
                _ => BinaryPrimitives.ReadDoubleLittleEndian(s),
            };
        }
        Scale<double, T>(values, destination, gain, offset);
    }
}
