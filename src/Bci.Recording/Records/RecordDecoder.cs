using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>
    /// Channel-major [channels x samples] to sample-major [samples x channels]: 4 x 4 blocks transposed in AVX
    /// registers (four loads, eight shuffles, four stores), the edges that do not fill a block one value at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose(ReadOnlySpan<double> channelMajor, int channels, int samples, Span<double> sampleMajor)
    {
        if ((long)channels * samples > channelMajor.Length || (long)channels * samples > sampleMajor.Length)
            throw new ArgumentException($"{channels} x {samples} values do not fit the spans");
        var c4 = 0;
        var s4 = 0;
        if (Avx.IsSupported)
        {
            c4 = channels & ~3;
            s4 = samples & ~3;
            ref var source = ref MemoryMarshal.GetReference(channelMajor);
            ref var target = ref MemoryMarshal.GetReference(sampleMajor);
            for (var c = 0; c < c4; c += 4)
            {
                for (var s = 0; s < s4; s += 4)
                {
                    var r0 = Vector256.LoadUnsafe(ref source, (nuint)(c * samples + s));
                    var r1 = Vector256.LoadUnsafe(ref source, (nuint)((c + 1) * samples + s));
                    var r2 = Vector256.LoadUnsafe(ref source, (nuint)((c + 2) * samples + s));
                    var r3 = Vector256.LoadUnsafe(ref source, (nuint)((c + 3) * samples + s));
                    var t0 = Avx.UnpackLow(r0, r1);
                    var t1 = Avx.UnpackHigh(r0, r1);
                    var t2 = Avx.UnpackLow(r2, r3);
                    var t3 = Avx.UnpackHigh(r2, r3);
                    Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref target, (nuint)(s * channels + c));
                    Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref target, (nuint)((s + 1) * channels + c));
                    Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref target, (nuint)((s + 2) * channels + c));
                    Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref target, (nuint)((s + 3) * channels + c));
                }
            }
        }
        // Samples after the last whole block, for the channels the blocks covered; then the remaining channels.
        for (var s = s4; s < samples; s++)
            for (var c = 0; c < c4; c++) sampleMajor[s * channels + c] = channelMajor[c * samples + s];
        for (var s = 0; s < samples; s++)
            for (var c = c4; c < channels; c++) sampleMajor[s * channels + c] = channelMajor[c * samples + s];
    }

    /// <summary>The reference for <see cref="Transpose"/>: one value at a time.</summary>
    public static void TransposeScalar(ReadOnlySpan<double> channelMajor, int channels, int samples, Span<double> sampleMajor)
    {
        for (var s = 0; s < samples; s++)
            for (var c = 0; c < channels; c++) sampleMajor[s * channels + c] = channelMajor[c * samples + s];
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
