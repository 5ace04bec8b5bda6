using System.Numerics;

namespace Bci.Dsp.Streaming;

/// <summary>Fast checks for NaN and infinities.</summary>
internal static class Finite
{
    /// <summary>True when any value is NaN or infinite (x - x is 0 for finite x and NaN otherwise).</summary>
    public static bool HasNonFinite(ReadOnlySpan<double> values)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            for (; i <= values.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var v = new Vector<double>(values.Slice(i));
                acc += v - v;
            }
            for (var k = 0; k < Vector<double>.Count; k++)
                if (acc[k] != 0 || double.IsNaN(acc[k])) return true;
        }
        for (; i < values.Length; i++)
            if (!double.IsFinite(values[i])) return true;
        return false;
    }
}
