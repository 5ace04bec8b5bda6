using System.Numerics.Tensors;
using Bci.Alignment.Catalogs;
using Bci.Alignment.Formats;

namespace Bci.Alignment.Retrieval;

/// <summary>
/// Exact cosine top-k search over a catalog. Rows are stored L2-normalised, so cosine = dot product, computed
/// with SIMD (System.Numerics.Tensors) over blocks of rows that stay in cache while every query of a batch is
/// scored against them. Optionally an int8 copy of the rows (4x less memory traffic) is scanned first and the
/// best candidates are re-ranked exactly in float32. Immutable after construction; searches are thread-safe.
/// </summary>
public sealed class LatentIndex
{
    /// <summary>Rows per block: 64 rows x 768 dims x 4 B = 192 KB, inside a core's L2 cache.</summary>
    private const int BlockRows = 64;

    private readonly float[] _rows;
    private readonly sbyte[]? _int8Rows;
    private readonly float[]? _int8Scales;
    private readonly Int4Rows? _int4;

    public LatentIndex(LatentCatalog catalog, bool withInt8 = false, bool withInt4 = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.Count == 0) throw new ArgumentException($"{catalog}: an index needs at least one item", nameof(catalog));
        Catalog = catalog.Normalised();
        _rows = Catalog.VectorArray;
        if (withInt4) _int4 = new Int4Rows(_rows, Count, Dimension);
        if (!withInt8) return;
        var d = Dimension;
        _int8Rows = new sbyte[(long)Count * d];
        _int8Scales = new float[Count];
        for (var i = 0; i < Count; i++)
            _int8Scales[i] = Int8Quantiser.Quantise(_rows.AsSpan(i * d, d), _int8Rows.AsSpan(i * d, d));
    }

    /// <summary>The catalog with unit-length vectors (the index's rows).</summary>
    public LatentCatalog Catalog { get; }

    public int Count => Catalog.Count;
    public int Dimension => Catalog.Dimension;
    public bool HasInt8 => _int8Rows is not null;
    public bool HasInt4 => _int4 is not null;

    internal Int4Rows? Int4 => _int4;

    /// <summary>Exact top-k by cosine similarity, best first (ties: lower catalog index first).</summary>
    public RetrievalHit[] Search(ReadOnlySpan<float> query, int k) => SearchBatch([query.ToArray()], k)[0];

    /// <summary>
    /// Exact top-k for several queries in one pass over the rows: each block of rows is read from memory once
    /// and scored against every query while it is in cache, so memory traffic is shared by the batch.
    /// </summary>
    public RetrievalHit[][] SearchBatch(IReadOnlyList<float[]> queries, int k, int threads = 1)
    {
        var unit = Prepare(queries);
        k = Math.Min(k, Count);
        var partitions = Math.Clamp(threads, 1, Math.Max(1, Count / BlockRows));
        var partial = new TopK[partitions][];
        void Scan(int p)
        {
            var heaps = unit.Select(_ => new TopK(k)).ToArray();
            var (start, end) = Range(p, partitions);
            var scores = new float[BlockRows];
            for (var block = start; block < end; block += BlockRows)
            {
                var rows = Math.Min(BlockRows, end - block);
                for (var q = 0; q < unit.Length; q++)
                {
                    var query = unit[q].AsSpan();
                    for (var r = 0; r < rows; r++)
                        scores[r] = TensorPrimitives.Dot(_rows.AsSpan((block + r) * Dimension, Dimension), query);
                    var heap = heaps[q];
                    for (var r = 0; r < rows; r++)
                        if (scores[r] >= heap.Threshold) heap.Offer(block + r, scores[r]);
                }
            }
            partial[p] = heaps;
        }
        if (partitions == 1) Scan(0);
        else Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, Scan);
        return Merge(partial, unit.Length, k);
    }

    /// <summary>
    /// Top-k by an int8 pre-scan of every row, then an exact float32 re-rank of the best
    /// <paramref name="candidates"/>. Equals <see cref="Search"/> whenever the true top-k are among the
    /// candidates (always when candidates >= Count); the benchmark reports the recall.
    /// </summary>
    public RetrievalHit[] SearchInt8(ReadOnlySpan<float> query, int k, int candidates = 256, int threads = 1)
    {
        if (_int8Rows is null || _int8Scales is null)
            throw new InvalidOperationException($"index over {Catalog} was built without int8 rows (withInt8: true)");
        var unit = Prepare([query.ToArray()])[0];
        k = Math.Min(k, Count);
        candidates = Math.Clamp(candidates, k, Count);
        var q8 = new sbyte[Dimension];
        Int8Quantiser.Quantise(unit, q8);
        var q16 = q8.Select(v => (short)v).ToArray();

        var partitions = Math.Clamp(threads, 1, Math.Max(1, Count / BlockRows));
        var partial = new TopK[partitions];
        void Scan(int p)
        {
            var heap = new TopK(candidates);
            var (start, end) = Range(p, partitions);
            for (var row = start; row < end; row++)
            {
                // The query's scale is the same for every row, so it does not change the order.
                var score = Int8Dot.Dot(_int8Rows.AsSpan(row * Dimension, Dimension), q16) * _int8Scales[row];
                if (score >= heap.Threshold) heap.Offer(row, score);
            }
            partial[p] = heap;
        }
        if (partitions == 1) Scan(0);
        else Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, Scan);

        var exact = new TopK(k);
        foreach (var heap in partial)
            foreach (var (row, _) in heap.Sorted())
                exact.Offer(row, TensorPrimitives.Dot(_rows.AsSpan(row * Dimension, Dimension), unit));
        return Hits(exact);
    }

    /// <summary>
    /// Top-k by a 4-bit pre-scan of every row (8x less memory traffic than float32; see <see cref="Int4Rows"/>), then
    /// an exact float32 re-rank of the best <paramref name="candidates"/>. Like <see cref="SearchInt8"/>, exact whenever
    /// the true top-k are among the candidates; the benchmark measures that recall against <see cref="Search"/>.
    /// </summary>
    public RetrievalHit[] SearchInt4(ReadOnlySpan<float> query, int k, int candidates = 1024, int threads = 1)
    {
        if (_int4 is null) throw new InvalidOperationException($"index over {Catalog} was built without 4-bit rows (withInt4: true)");
        var unit = Prepare([query.ToArray()])[0];
        k = Math.Min(k, Count);
        candidates = Math.Clamp(candidates, k, Count);
        var (q, sum) = _int4.Quantise(unit);
        var partitions = Math.Clamp(threads, 1, Math.Max(1, Count / BlockRows));
        var partial = new TopK[partitions];
        void Scan(int p)
        {
            var heap = new TopK(candidates);
            var (start, end) = Range(p, partitions);
            _int4.Scan(q, sum, start, end, heap);
            partial[p] = heap;
        }
        if (partitions == 1) Scan(0);
        else Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, Scan);

        var exact = new TopK(k);
        foreach (var heap in partial)
            foreach (var (row, _) in heap.Sorted())
                exact.Offer(row, TensorPrimitives.Dot(_rows.AsSpan(row * Dimension, Dimension), unit));
        return Hits(exact);
    }

    private float[][] Prepare(IReadOnlyList<float[]> queries)
    {
        var unit = new float[queries.Count][];
        for (var q = 0; q < queries.Count; q++)
        {
            if (queries[q].Length != Dimension)
                throw new ArgumentException($"query {q} has {queries[q].Length} dimensions; catalog '{Catalog.SpaceId}' has {Dimension}");
            if (!TensorPrimitives.IsFiniteAll<float>(queries[q]))
                throw new ArgumentException($"query {q} has non-finite values");
            unit[q] = (float[])queries[q].Clone();
            LatentCatalog.NormaliseInPlace(unit[q]);
        }
        return unit;
    }

    private (int Start, int End) Range(int partition, int partitions)
    {
        // Partition boundaries on block multiples so each thread streams whole blocks.
        var blocks = (Count + BlockRows - 1) / BlockRows;
        var start = (int)((long)blocks * partition / partitions) * BlockRows;
        var end = (int)Math.Min(Count, (long)blocks * (partition + 1) / partitions * BlockRows);
        return (start, end);
    }

    private RetrievalHit[][] Merge(TopK[][] partial, int queries, int k)
    {
        var result = new RetrievalHit[queries][];
        for (var q = 0; q < queries; q++)
        {
            if (partial.Length == 1)
            {
                result[q] = Hits(partial[0][q]);
                continue;
            }
            var merged = new TopK(k);
            foreach (var heaps in partial)
                foreach (var (index, score) in heaps[q].Sorted())
                    merged.Offer(index, score);
            result[q] = Hits(merged);
        }
        return result;
    }

    private RetrievalHit[] Hits(TopK heap) =>
        heap.Sorted().Select(e => new RetrievalHit(e.Index, Catalog.Items[e.Index].Name, e.Score)).ToArray();
}
