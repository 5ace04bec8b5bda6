using System.Numerics.Tensors;

namespace Bci.Alignment.Formats;

/// <summary>Symmetric per-vector int8 quantisation: q = round(x / scale), scale = max|x| / 127.</summary>
public static class Int8Quantiser
{
    /// <summary>Quantises <paramref name="values"/> into <paramref name="destination"/> and returns the scale.</summary>
    public static float Quantise(ReadOnlySpan<float> values, Span<sbyte> destination)
    {
        // MaxMagnitude returns the signed value of largest magnitude, hence the Abs.
        var max = values.Length == 0 ? 0f : Math.Abs(TensorPrimitives.MaxMagnitude(values));
        var scale = max > 0 ? max / 127f : 1f;
        for (var i = 0; i < values.Length; i++)
            destination[i] = (sbyte)Math.Clamp(MathF.Round(values[i] / scale), -127f, 127f);
        return scale;
    }

    public static void Dequantise(ReadOnlySpan<sbyte> values, float scale, Span<float> destination)
    {
        for (var i = 0; i < values.Length; i++)
            destination[i] = values[i] * scale;
    }
}
