using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bci.Alignment.Retrieval;

/// <summary>
/// Integer dot products of int8 rows with a query pre-widened to int16: AVX-512BW or AVX2 multiply-add of
/// adjacent pairs (vpmaddwd) into int32 lanes, scalar elsewhere. Exact (no overflow for dimensions below
/// 2^31 / 127^2 = 133,000).
/// </summary>
internal static class Int8Dot
{
    public static int Dot(ReadOnlySpan<sbyte> row, ReadOnlySpan<short> query)
    {
        var n = row.Length;
        var i = 0;
        var total = 0;
        ref var r = ref Unsafe.As<sbyte, byte>(ref Unsafe.AsRef(in row[0]));
        ref var q = ref Unsafe.AsRef(in query[0]);
        if (Avx512BW.IsSupported && n >= 32)
        {
            var acc = Vector512<int>.Zero;
            for (; i <= n - 32; i += 32)
            {
                var bytes = Vector256.LoadUnsafe(ref Unsafe.Add(ref r, i)).AsSByte();
                var wide = Avx512BW.ConvertToVector512Int16(bytes);
                var qv = Vector512.LoadUnsafe(ref Unsafe.Add(ref q, i));
                acc = Avx512F.Add(acc, Avx512BW.MultiplyAddAdjacent(wide, qv));
            }
            total = Vector512.Sum(acc);
        }
        else if (Avx2.IsSupported && n >= 16)
        {
            var acc = Vector256<int>.Zero;
            for (; i <= n - 16; i += 16)
            {
                var bytes = Vector128.LoadUnsafe(ref Unsafe.Add(ref r, i)).AsSByte();
                var wide = Avx2.ConvertToVector256Int16(bytes);
                var qv = Vector256.LoadUnsafe(ref Unsafe.Add(ref q, i));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(wide, qv));
            }
            total = Vector256.Sum(acc);
        }
        for (; i < n; i++)
            total += (sbyte)Unsafe.Add(ref r, i) * Unsafe.Add(ref q, i);
        return total;
    }
}
