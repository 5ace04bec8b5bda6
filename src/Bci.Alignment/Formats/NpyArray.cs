using System.Collections.Immutable;

namespace Bci.Alignment.Formats;

/// <summary>
/// One array read from a .npy file: its numpy dtype, shape, and values, either as floats (any float or integer
/// dtype, converted) or as strings (numpy's fixed-width unicode "U" and byte "S" dtypes). Row-major (C order).
/// </summary>
public sealed class NpyArray
{
    public NpyArray(string dtype, IEnumerable<int> shape, float[]? numbers, string[]? strings)
    {
        Dtype = dtype;
        Shape = shape.ToImmutableArray();
        Numbers = numbers;
        Strings = strings;
    }

    public string Dtype { get; }
    public ImmutableArray<int> Shape { get; }
    public float[]? Numbers { get; }
    public string[]? Strings { get; }
    public bool IsNumeric => Numbers is not null;
    public long Length => Shape.Aggregate(1L, (a, b) => a * b);

    public override string ToString() => $"{Dtype} [{string.Join(", ", Shape)}]";
}
