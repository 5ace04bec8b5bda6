using Bci.Alignment.Catalogs;
using Bci.Alignment.Retrieval;

namespace Bci.Alignment.Tests;

public sealed class LatentIndexTests
{
    private static LatentCatalog Random(int count, int dim, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count * dim];
        for (var i = 0; i < vectors.Length; i++) vectors[i] = (float)(random.NextDouble() * 2 - 1) * (1 + i % 3);
        return new LatentCatalog("test", "", dim, Enumerable.Range(0, count).Select(i => new LatentItem($"item{i}")), vectors);
    }

    private static float[] Query(int dim, Random random) => Enumerable.Range(0, dim).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    /// <summary>Cosine in double precision over the raw (unnormalised) vectors, sorted: the independent reference.</summary>
    private static (int Index, double Score)[] BruteForce(LatentCatalog catalog, float[] query, int k)
    {
        double Norm(ReadOnlySpan<float> v) { double s = 0; foreach (var x in v) s += (double)x * x; return Math.Sqrt(s); }
        var qn = Norm(query);
        return Enumerable.Range(0, catalog.Count).Select(i =>
        {
            var row = catalog.Vector(i);
            double dot = 0;
            for (var d = 0; d < row.Length; d++) dot += (double)row[d] * query[d];
            return (Index: i, Score: dot / (Norm(row) * qn));
        }).OrderByDescending(e => e.Score).ThenBy(e => e.Index).Take(k).ToArray();
    }

    [Theory]
    [InlineData(1000, 768, 10, 1)]
    [InlineData(5000, 64, 5, 1)]
    [InlineData(333, 17, 20, 1)]
    [InlineData(4000, 96, 7, 2)]
    public void CosineTopK_EqualsBruteForceReference(int count, int dim, int k, int threads)
    {
        var catalog = Random(count, dim, seed: count + dim);
        var index = new LatentIndex(catalog);
        var random = new Random(7);
        var queries = Enumerable.Range(0, 5).Select(_ => Query(dim, random)).ToArray();
        var results = index.SearchBatch(queries, k, threads);
        for (var q = 0; q < queries.Length; q++)
        {
            var expected = BruteForce(catalog, queries[q], k);
            Assert.Equal(expected.Select(e => e.Index), results[q].Select(h => h.Index));
            for (var i = 0; i < k; i++)
                Assert.Equal(expected[i].Score, results[q][i].Score, 5);
            Assert.Equal(results[q].Select(h => h.Index), index.Search(queries[q], k).Select(h => h.Index));
        }
    }

    [Fact]
    public void Int8Prescan_WithEveryRowAsCandidate_IsExact()
    {
        var catalog = Random(800, 48, seed: 11);
        var index = new LatentIndex(catalog, withInt8: true);
        var random = new Random(3);
        for (var q = 0; q < 5; q++)
        {
            var query = Query(48, random);
            var expected = BruteForce(catalog, query, 10).Select(e => e.Index);
            Assert.Equal(expected, index.SearchInt8(query, 10, candidates: catalog.Count).Select(h => h.Index));
        }
    }

    [Fact]
    public void Int8Prescan_WithFewCandidates_FindsNearlyAllOfTheExactTopTen()
    {
        var catalog = Random(20_000, 128, seed: 5);
        var index = new LatentIndex(catalog, withInt8: true);
        var random = new Random(9);
        int found = 0, total = 0;
        for (var q = 0; q < 20; q++)
        {
            var query = Query(128, random);
            var exact = index.Search(query, 10).Select(h => h.Index).ToHashSet();
            found += index.SearchInt8(query, 10, candidates: 100).Count(h => exact.Contains(h.Index));
            total += 10;
        }
        Assert.True(found >= total * 0.98, $"recall@10 {found}/{total}");
    }

    [Theory]
    [InlineData(300, 768)]
    [InlineData(200, 100)] // padded to 128
    [InlineData(50, 257)]
    public void Int4Dot_EqualsTheIntegerDotOfTheStoredNibbles(int count, int dim)
    {
        var catalog = Random(count, dim, seed: dim);
        var index = new LatentIndex(catalog, withInt4: true);
        var rows = index.Int4!;
        var (query, sum) = rows.Quantise(Query(dim, new Random(1)).Select(v => v / 10f).ToArray());
        Assert.Equal(query.Sum(v => (int)v), sum);
        for (var r = 0; r < count; r++)
        {
            // Reference: nibble = stored value / scale + 8, recovered from the public view of the row.
            var scale = Enumerable.Range(0, dim).Max(i => Math.Abs(catalog.Vector(r)[i]) / TensorNorm(catalog.Vector(r))) / 7f;
            long expected = 0;
            for (var i = 0; i < dim; i++) expected += (long)Math.Round(rows.Value(r, i) / scale + 8) * query[i];
            expected += 8L * query.Skip(dim).Sum(v => v); // padding nibbles are 8, padded query values 0
            Assert.Equal(expected, rows.Dot(r, query));
            // And the stored value is the row rounded to the nearest of 15 levels.
            for (var i = 0; i < dim; i++)
                Assert.InRange(rows.Value(r, i) - catalog.Vector(r)[i] / TensorNorm(catalog.Vector(r)), -scale / 2 - 1e-6f, scale / 2 + 1e-6f);
        }
    }

    private static float TensorNorm(ReadOnlySpan<float> v) => System.Numerics.Tensors.TensorPrimitives.Norm(v);

    [Fact]
    public void Int4Prescan_WithEveryRowAsCandidate_IsExact()
    {
        var catalog = Random(800, 200, seed: 12);
        var index = new LatentIndex(catalog, withInt4: true);
        var random = new Random(4);
        for (var q = 0; q < 5; q++)
        {
            var query = Query(200, random);
            var expected = BruteForce(catalog, query, 10).Select(e => e.Index);
            Assert.Equal(expected, index.SearchInt4(query, 10, candidates: catalog.Count).Select(h => h.Index));
        }
    }

    [Fact]
    public void Int4Prescan_WithCandidates_FindsNearlyAllOfTheExactTopTen()
    {
        var catalog = Random(20_000, 256, seed: 6);
        var index = new LatentIndex(catalog, withInt4: true);
        var random = new Random(10);
        int found = 0, total = 0;
        for (var q = 0; q < 20; q++)
        {
            var query = Query(256, random);
            var exact = index.Search(query, 10).Select(h => h.Index).ToHashSet();
            found += index.SearchInt4(query, 10, candidates: 500).Count(h => exact.Contains(h.Index));
            total += 10;
        }
        Assert.True(found >= total * 0.98, $"recall@10 {found}/{total}");
    }

    [Fact]
    public void ScoresAreCosines_SoAnItemFindsItselfAtOne()
    {
        var catalog = Random(50, 8, seed: 2);
        var index = new LatentIndex(catalog);
        var hit = index.Search(catalog.Vector(17).ToArray(), 1)[0];
        Assert.Equal("item17", hit.Name);
        Assert.Equal(1.0, hit.Score, 5);
    }

    [Fact]
    public void WrongQueryDimension_IsNamed()
    {
        var index = new LatentIndex(Random(10, 8, seed: 1));
        var e = Assert.Throws<ArgumentException>(() => index.Search(new float[7], 3));
        Assert.Contains("7 dimensions", e.Message);
    }
}
