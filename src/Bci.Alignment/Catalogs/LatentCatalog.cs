using System.Collections.Immutable;
using System.Numerics.Tensors;

namespace Bci.Alignment.Catalogs;

/// <summary>
/// Named latent vectors of one world-model space: N items x D dimensions stored row-major in one float array,
/// with the space's identity (space id, model name), how the vectors were normalised, and what each item's
/// latent was computed from. Immutable once built; the vector array handed in becomes the catalog's own.
/// </summary>
public sealed class LatentCatalog
{
    private readonly float[] _vectors;
    private readonly Dictionary<string, int> _byName;

    public LatentCatalog(string spaceId, string model, int dimension, IEnumerable<LatentItem> items, float[] vectors,
        LatentNormalisation normalisation = LatentNormalisation.None, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (dimension <= 0)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"catalog '{spaceId}': dimension must be > 0");
        Items = items?.ToImmutableArray() ?? throw new ArgumentNullException(nameof(items));
        if (vectors.LongLength != (long)Items.Length * dimension)
            throw new ArgumentException(
                $"catalog '{spaceId}': {vectors.LongLength} values do not make {Items.Length} items x {dimension} dimensions (expected {(long)Items.Length * dimension})",
                nameof(vectors));
        _byName = new Dictionary<string, int>(Items.Length, StringComparer.Ordinal);
        for (var i = 0; i < Items.Length; i++)
        {
            if (!_byName.TryAdd(Items[i].Name, i))
                throw new ArgumentException($"catalog '{spaceId}': item name '{Items[i].Name}' appears twice (items {_byName[Items[i].Name]} and {i})", nameof(items));
        }
        for (long v = 0; v < vectors.LongLength; v++)
        {
            if (!float.IsFinite(vectors[v]))
                throw new ArgumentException($"catalog '{spaceId}': item '{Items[(int)(v / dimension)].Name}' has a non-finite value {vectors[v]} at dimension {v % dimension}", nameof(vectors));
        }
        SpaceId = spaceId ?? "";
        Model = model ?? "";
        Dimension = dimension;
        Normalisation = normalisation;
        Metadata = metadata is null ? ImmutableDictionary<string, string>.Empty : metadata.ToImmutableDictionary(StringComparer.Ordinal);
        _vectors = vectors;
    }

    /// <summary>Which latent space the vectors live in (e.g. "clip-vit-b32/image"); retrieval refuses to mix spaces.</summary>
    public string SpaceId { get; }

    /// <summary>The encoder that produced the vectors (file name or model id).</summary>
    public string Model { get; }

    public int Dimension { get; }
    public int Count => Items.Length;
    public LatentNormalisation Normalisation { get; }
    public ImmutableArray<LatentItem> Items { get; }

    /// <summary>Free key/value pairs carried through every format that can hold them.</summary>
    public ImmutableDictionary<string, string> Metadata { get; }

    /// <summary>All vectors, row-major: item i at [i * Dimension, (i + 1) * Dimension).</summary>
    public ReadOnlySpan<float> Vectors => _vectors;

    internal float[] VectorArray => _vectors;

    public ReadOnlySpan<float> Vector(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"catalog '{SpaceId}' has {Count} items");
        return _vectors.AsSpan(index * Dimension, Dimension);
    }

    public ReadOnlySpan<float> Vector(string name) => Vector(IndexOf(name) is var i and >= 0
        ? i
        : throw new KeyNotFoundException($"catalog '{SpaceId}' has no item '{name}' (items: {Preview()})"));

    /// <summary>Index of an item by name (ordinal), or -1.</summary>
    public int IndexOf(string name) => _byName.TryGetValue(name, out var i) ? i : -1;

    /// <summary>A copy whose vectors have unit length (zero vectors stay zero).</summary>
    public LatentCatalog Normalised()
    {
        if (Normalisation == LatentNormalisation.L2) return this;
        var copy = (float[])_vectors.Clone();
        for (var i = 0; i < Count; i++)
            NormaliseInPlace(copy.AsSpan(i * Dimension, Dimension));
        return new LatentCatalog(SpaceId, Model, Dimension, Items, copy, LatentNormalisation.L2, Metadata);
    }

    /// <summary>The items at <paramref name="indices"/>, in that order (e.g. a held-out gallery).</summary>
    public LatentCatalog Subset(IEnumerable<int> indices)
    {
        var list = indices.ToList();
        var vectors = new float[(long)list.Count * Dimension];
        for (var r = 0; r < list.Count; r++)
            Vector(list[r]).CopyTo(vectors.AsSpan(r * Dimension, Dimension));
        return new LatentCatalog(SpaceId, Model, Dimension, list.Select(i => Items[i]), vectors, Normalisation, Metadata);
    }

    public LatentCatalog WithIdentity(string? spaceId = null, string? model = null) =>
        new(spaceId ?? SpaceId, model ?? Model, Dimension, Items, _vectors, Normalisation, Metadata);

    internal static void NormaliseInPlace(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
    }

    private string Preview() => string.Join(", ", Items.Take(5).Select(i => i.Name)) + (Count > 5 ? $", ... ({Count} in all)" : "");

    public override string ToString() =>
        $"catalog '{SpaceId}' ({(Model.Length > 0 ? Model + ", " : "")}{Count} items x {Dimension} dims, normalisation {Normalisation.ToString().ToLowerInvariant()})";
}
