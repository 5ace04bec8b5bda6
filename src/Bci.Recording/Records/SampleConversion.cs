using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bci.Recording.Records;

/// <summary>
/// Converts stored little-endian samples of one signal (EDF's int16, BDF's 24-bit) into physical values
/// <c>raw * gain + offset</c>, contiguously into the destination. Vector paths do exactly the scalar arithmetic
/// (a double multiply then a double add, no fused multiply-add; int16 and int24 pass exactly through float on
/// the way to double), so both give bit-identical results; float destinations get the double result rounded once.
/// XDF's float32 samples are widened to double as they are.
/// </summary>
internal static class SampleConversion
{
    /// <summary>True when the vector paths run (256-bit vectors accelerated and, for 24-bit, SSSE3 byte shuffles).</summary>
    public static bool VectorPaths => Vector256.IsHardwareAccelerated;

    /// <summary>Converts <c>source.Length / 2</c> int16 values into <paramref name="destination"/> (at least that long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Int16<T>(ReadOnlySpan<byte> source, Span<T> destination, double gain, double offset) where T : unmanaged
    {
        var n = source.Length / 2;
        if (destination.Length < n) throw new ArgumentException("destination shorter than the source", nameof(destination));
        var i = 0;
        if (Vector256.IsHardwareAccelerated && BitConverter.IsLittleEndian)
        {
            ref var src = ref Unsafe.As<byte, short>(ref MemoryMarshal.GetReference(source));
            ref var dst = ref MemoryMarshal.GetReference(destination);
            var g = Vector256.Create(gain);
            var o = Vector256.Create(offset);
            for (; i <= n - 16; i += 16)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
                Store(ref dst, i, Vector256.ConvertToSingle(low), g, o);
                Store(ref dst, i + 8, Vector256.ConvertToSingle(high), g, o);
            }
        }
        Int16Scalar(source[(2 * i)..(2 * n)], destination[i..], gain, offset);
    }

    /// <summary>Converts <c>source.Length / 3</c> 24-bit values into <paramref name="destination"/> (at least that long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Int24<T>(ReadOnlySpan<byte> source, Span<T> destination, double gain, double offset) where T : unmanaged
    {
        var n = source.Length / 3;
        if (destination.Length < n) throw new ArgumentException("destination shorter than the source", nameof(destination));
        var i = 0;
        if (Vector256.IsHardwareAccelerated && Ssse3.IsSupported)
        {
            ref var src = ref MemoryMarshal.GetReference(source);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            var g = Vector256.Create(gain);
            var o = Vector256.Create(offset);
            // Each 32-bit lane gets a sample's three bytes in its top three bytes (0x80: a zero byte); an arithmetic
            // shift by 8 then sign-extends the 24-bit value.
            var lanes = Vector128.Create((byte)0x80, 0, 1, 2, 0x80, 3, 4, 5, 0x80, 6, 7, 8, 0x80, 9, 10, 11);
            // Eight samples are 24 bytes read as two 16-byte loads at +0 and +12: the second ends 28 bytes in.
            for (; 3 * i + 28 <= source.Length; i += 8)
            {
                var first = Ssse3.Shuffle(Vector128.LoadUnsafe(ref src, (nuint)(3 * i)), lanes).AsInt32();
                var second = Ssse3.Shuffle(Vector128.LoadUnsafe(ref src, (nuint)(3 * i + 12)), lanes).AsInt32();
                var values = Vector256.Create(Vector128.ShiftRightArithmetic(first, 8), Vector128.ShiftRightArithmetic(second, 8));
                Store(ref dst, i, Vector256.ConvertToSingle(values), g, o);
            }
        }
        Int24Scalar(source[(3 * i)..(3 * n)], destination[i..], gain, offset);
    }

    /// <summary>Widens <c>source.Length / 4</c> little-endian float32 values (XDF's float32 samples) into doubles, exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Float32(ReadOnlySpan<byte> source, Span<double> destination)
    {
        var n = source.Length / 4;
        if (destination.Length < n) throw new ArgumentException("destination shorter than the source", nameof(destination));
        var i = 0;
        if (Vector256.IsHardwareAccelerated && BitConverter.IsLittleEndian)
        {
            ref var src = ref Unsafe.As<byte, float>(ref MemoryMarshal.GetReference(source));
            ref var dst = ref MemoryMarshal.GetReference(destination);
            for (; i <= n - 8; i += 8)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
                low.StoreUnsafe(ref dst, (nuint)i);
                high.StoreUnsafe(ref dst, (nuint)(i + 4));
            }
        }
        Float32Scalar(source[(4 * i)..(4 * n)], destination[i..]);
    }

    public static void Float32Scalar(ReadOnlySpan<byte> source, Span<double> destination)
    {
        for (int s = 0, d = 0; s + 3 < source.Length; s += 4, d++)
            destination[d] = BinaryPrimitives.ReadSingleLittleEndian(source[s..]);
    }

    public static void Int16Scalar<T>(ReadOnlySpan<byte> source, Span<T> destination, double gain, double offset) where T : unmanaged
    {
        for (int s = 0, d = 0; s + 1 < source.Length; s += 2, d++)
            Set(destination, d, (short)(source[s] | source[s + 1] << 8) * gain + offset);
    }

    public static void Int24Scalar<T>(ReadOnlySpan<byte> source, Span<T> destination, double gain, double offset) where T : unmanaged
    {
        for (int s = 0, d = 0; s + 2 < source.Length; s += 3, d++)
            Set(destination, d, (source[s] | source[s + 1] << 8 | (sbyte)source[s + 2] << 16) * gain + offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Set<T>(Span<T> destination, int index, double value) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) Unsafe.As<T, double>(ref destination[index]) = value;
        else if (typeof(T) == typeof(float)) Unsafe.As<T, float>(ref destination[index]) = (float)value;
        else throw new NotSupportedException($"samples convert to double or float, not {typeof(T).Name}");
    }

    /// <summary>Eight exact values (as floats) become doubles, scaled, stored as doubles or rounded to floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(ref T destination, int index, Vector256<float> exact, Vector256<double> gain, Vector256<double> offset) where T : unmanaged
    {
        var (low, high) = Vector256.Widen(exact);
        low = low * gain + offset;
        high = high * gain + offset;
        if (typeof(T) == typeof(double))
        {
            ref var d = ref Unsafe.As<T, double>(ref destination);
            low.StoreUnsafe(ref d, (nuint)index);
            high.StoreUnsafe(ref d, (nuint)(index + 4));
        }
        else if (typeof(T) == typeof(float))
        {
            Vector256.Narrow(low, high).StoreUnsafe(ref Unsafe.As<T, float>(ref destination), (nuint)index);
        }
        else
        {
            throw new NotSupportedException($"samples convert to double or float, not {typeof(T).Name}");
        }
    }
}
