using Bci.Alignment.Catalogs;

namespace Bci.Alignment.Benchmarks;

/// <summary>A random unit-vector gallery (the worst case for int8 pre-scans: no cluster structure) and queries.</summary>
internal static class GalleryData
{
    public static LatentCatalog Create(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[(long)count * dimension];
        for (long i = 0; i < vectors.LongLength; i++) vectors[i] = random.NextSingle() * 2 - 1;
        for (var i = 0; i < count; i++) LatentCatalog.NormaliseInPlace(vectors.AsSpan(i * dimension, dimension));
        var items = new LatentItem[count];
        for (var i = 0; i < count; i++) items[i] = new LatentItem("i" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new LatentCatalog("bench", "random", dimension, items, vectors, LatentNormalisation.L2);
    }

    public static float[][] Queries(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimension).Select(_ => random.NextSingle() * 2 - 1).ToArray()).ToArray();
    }
}
