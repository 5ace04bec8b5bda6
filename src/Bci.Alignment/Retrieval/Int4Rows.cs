using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bci.Alignment.Retrieval;

/// <summary>
/// A 4-bit copy of unit rows for a coarse first pass: per row, value = (nibble - 8) x scale with nibbles 1..15
/// (scale = max|x| / 7), two per byte, 8x less memory traffic than float32. Rows are padded to a multiple of 128
/// dimensions (padding = nibble 8 = 0) and packed so that byte j of each 64-byte block holds dimension j in its
/// low nibble and dimension j + 64 in its high nibble: a 64-byte load then splits into two runs of 64 consecutive
/// dimensions with one AND and one shift. The query is quantised to int8 and
/// dot = Σ nibble·q - 8·Σq, with vpmaddubsw (unsigned nibble x signed byte, pairs summed to int16: at most
/// 2·15·127, no saturation) and vpmaddwd to int32.
/// </summary>
internal sealed class Int4Rows
{
    private const int Block = 128;
    private readonly byte[] _packed;
    private readonly float[] _scales;

    public Int4Rows(ReadOnlySpan<float> rows, int count, int dimension)
    {
        Count = count;
        Dimension = dimension;
        Padded = (dimension + Block - 1) / Block * Block;
        BytesPerRow = Padded / 2;
        _packed = new byte[(long)count * BytesPerRow];
        _scales = new float[count];
        var nibbles = new byte[Padded];
        for (var r = 0; r < count; r++)
        {
            var row = rows.Slice(r * dimension, dimension);
            var max = Math.Abs(TensorPrimitives.MaxMagnitude(row));
            var scale = max > 0 ? max / 7f : 1f;
            _scales[r] = scale;
            nibbles.AsSpan().Fill(8);
            for (var i = 0; i < dimension; i++) nibbles[i] = (byte)(Math.Clamp(MathF.Round(row[i] / scale), -7f, 7f) + 8);
            var packed = _packed.AsSpan(r * BytesPerRow, BytesPerRow);
            for (var b = 0; b < Padded / Block; b++)
                for (var j = 0; j < 64; j++)
                    packed[b * 64 + j] = (byte)(nibbles[b * Block + j] | (nibbles[b * Block + 64 + j] << 4));
        }
    }

    public int Count { get; }
    public int Dimension { get; }
    public int Padded { get; }
    public int BytesPerRow { get; }

    /// <summary>Value of row <paramref name="row"/> at dimension <paramref name="i"/> as stored (for tests).</summary>
    public float Value(int row, int i)
    {
        var b = i / Block;
        var j = i % Block;
        var packed = _packed[(long)row * BytesPerRow + b * 64 + (j % 64)];
        var nibble = j < 64 ? packed & 0x0F : packed >> 4;
        return (nibble - 8) * _scales[row];
    }

    /// <summary>The query quantised to int8 and padded; its sum for the nibble offset.</summary>
    public (sbyte[] Query, int Sum) Quantise(ReadOnlySpan<float> unit)
    {
        var q = new sbyte[Padded];
        Bci.Alignment.Formats.Int8Quantiser.Quantise(unit, q.AsSpan(0, Dimension));
        var sum = 0;
        foreach (var v in q) sum += v;
        return (q, sum);
    }

    /// <summary>Approximate scores (proportional to the dot products) of rows [start, end) into the top-k heap.</summary>
    public void Scan(sbyte[] query, int querySum, int start, int end, TopK heap)
    {
        for (var row = start; row < end; row++)
        {
            var score = (Dot(row, query) - 8 * querySum) * _scales[row];
            if (score >= heap.Threshold) heap.Offer(row, score);
        }
    }

    /// <summary>Σ nibble·q over the row (the -8·Σq offset is the caller's).</summary>
    public int Dot(int row, sbyte[] query)
    {
        ref var r = ref _packed[(long)row * BytesPerRow];
        ref var q = ref Unsafe.As<sbyte, byte>(ref query[0]);
        var blocks = Padded / Block;
        if (Avx512BW.IsSupported)
        {
            var mask = Vector512.Create((byte)0x0F);
            var ones = Vector512.Create((short)1);
            var acc = Vector512<int>.Zero;
            for (var b = 0; b < blocks; b++)
            {
                var v = Vector512.LoadUnsafe(ref Unsafe.Add(ref r, b * 64));
                var lo = v & mask;
                var hi = Vector512.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & mask;
                var qlo = Vector512.LoadUnsafe(ref Unsafe.Add(ref q, b * Block)).AsSByte();
                var qhi = Vector512.LoadUnsafe(ref Unsafe.Add(ref q, b * Block + 64)).AsSByte();
                var pairs = Avx512BW.MultiplyAddAdjacent(lo, qlo) + Avx512BW.MultiplyAddAdjacent(hi, qhi);
                acc += Avx512BW.MultiplyAddAdjacent(pairs, ones);
            }
            return Vector512.Sum(acc);
        }
        if (Avx2.IsSupported)
        {
            var mask = Vector256.Create((byte)0x0F);
            var ones = Vector256.Create((short)1);
            var acc = Vector256<int>.Zero;
            for (var b = 0; b < blocks; b++)
                for (var half = 0; half < 64; half += 32)
                {
                    var v = Vector256.LoadUnsafe(ref Unsafe.Add(ref r, b * 64 + half));
                    var lo = v & mask;
                    var hi = Vector256.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & mask;
                    var qlo = Vector256.LoadUnsafe(ref Unsafe.Add(ref q, b * Block + half)).AsSByte();
                    var qhi = Vector256.LoadUnsafe(ref Unsafe.Add(ref q, b * Block + 64 + half)).AsSByte();
                    var pairs = Avx2.MultiplyAddAdjacent(lo, qlo) + Avx2.MultiplyAddAdjacent(hi, qhi);
                    acc += Avx2.MultiplyAddAdjacent(pairs, ones);
                }
            return Vector256.Sum(acc);
        }
        var total = 0;
        for (var b = 0; b < blocks; b++)
            for (var j = 0; j < 64; j++)
            {
                var packed = Unsafe.Add(ref r, b * 64 + j);
                total += (packed & 0x0F) * (sbyte)Unsafe.Add(ref q, b * Block + j) + (packed >> 4) * (sbyte)Unsafe.Add(ref q, b * Block + 64 + j);
            }
        return total;
    }
}
