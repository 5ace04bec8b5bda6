namespace Bci.Recording.Eeglab;

/// <summary>A MATLAB value read from a MAT v5 file: the few kinds an EEGLAB .set uses.</summary>
internal abstract record MatValue(int[] Dimensions)
{
    public long ElementCount => Dimensions.Aggregate(1L, (a, d) => a * d);
}

/// <summary>A numeric or logical array (real part only), column-major, as doubles.</summary>
internal sealed record MatNumeric(int[] Dimensions, double[] Values) : MatValue(Dimensions)
{
    public double? Scalar => Values.Length > 0 ? Values[0] : null;
}

/// <summary>A char array; multi-row arrays are read row by row and joined with newlines.</summary>
internal sealed record MatText(int[] Dimensions, string Text) : MatValue(Dimensions);

/// <summary>A struct array: <see cref="Elements"/>[element][field], column-major.</summary>
internal sealed record MatStruct(int[] Dimensions, string[] FieldNames, MatValue[][] Elements) : MatValue(Dimensions)
{
    public MatValue? Field(int element, string name)
    {
        var index = Array.IndexOf(FieldNames, name);
        return index < 0 || element >= Elements.Length ? null : Elements[element][index];
    }
}

/// <summary>A cell array, column-major.</summary>
internal sealed record MatCell(int[] Dimensions, MatValue[] Items) : MatValue(Dimensions);

/// <summary>A value of a class the reader does not interpret (sparse, function handles, objects).</summary>
internal sealed record MatOther(int[] Dimensions, int ClassCode) : MatValue(Dimensions);
