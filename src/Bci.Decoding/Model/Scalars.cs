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
