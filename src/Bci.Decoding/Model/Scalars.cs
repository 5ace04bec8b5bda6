using TorchSharp;
using static TorchSharp.torch;

namespace Bci.Decoding.Model;

/// <summary>
/// Tensor-by-number arithmetic with the <see cref="Scalar"/> held until the native call has returned. The
/// implicit double -> Scalar conversion makes a temporary that nothing references once its handle is read, so
/// under garbage-collector pressure its finaliser can free it while libtorch still reads it ("Unknown scalar
/// type" in a long training run). Hot training paths use these instead of <c>tensor * 0.5</c>.
/// </summary>
internal static class Scalars
{
    public static Tensor Times(this Tensor tensor, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.mul(scalar);
    }

    /// <summary><c>tensor + other</c>: the operator's hidden alpha of 1 is a Scalar temporary as well.</summary>
    public static Tensor Plus(this Tensor tensor, Tensor other)
    {
        using var one = 1.0.ToScalar();
        return tensor.add(other, one);
    }

    /// <summary><c>tensor - other</c>, as <c>tensor + (-1) other</c> with the Scalar held (exact: -1 scales exactly).</summary>
    public static Tensor Minus(this Tensor tensor, Tensor other)
    {
        using var minusOne = (-1.0).ToScalar();
        return tensor.add(other, minusOne);
    }

    public static Tensor Over(this Tensor tensor, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.div(scalar);
    }

    public static Tensor Plus(this Tensor tensor, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.add(scalar);
    }

    public static Tensor AtLeast(this Tensor tensor, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.clamp_min(scalar);
    }

    public static Tensor AtMost(this Tensor tensor, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.clamp_max(scalar);
    }

    public static Tensor FillWhere(this Tensor tensor, Tensor mask, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.masked_fill(mask, scalar);
    }

    public static Tensor Below(this Tensor tensor, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.lt(scalar);
    }

    public static Tensor NotBelow(this Tensor tensor, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.ge(scalar);
    }
}
