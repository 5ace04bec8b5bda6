using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Bci.Alignment.Retrieval;
using BenchmarkDotNet.Attributes;

namespace Bci.Alignment.Benchmarks;

/// <summary>
/// Per-query latency of exact cosine top-10 over N x 768 latents on one core, fp32 and int8 pre-scan + exact
/// re-rank, beside the peer that bounds them: one sequential pass over the same bytes (memory bandwidth).
/// </summary>
public class RetrievalBenchmarks
{
    private LatentIndex _index = null!;
    private float[][] _queries = null!;
    private float[] _rows = null!;
    private sbyte[] _bytes = null!;

    [Params(1_000_000)]
    public int Items { get; set; }

    public const int Dimension = 768;

    internal LatentIndex Index => _index;
    public const int Batch = 16;

    // Built once per process and shared by every benchmark case: the gallery takes ~4 GB and a minute to make.
    private static (int Items, LatentIndex Index)? s_shared;

    [GlobalSetup]
    public void Setup()
    {
        if (s_shared is not { } shared || shared.Items != Items)
        {
            s_shared = null;
            GC.Collect();
            s_shared = shared = (Items, new LatentIndex(GalleryData.Create(Items, Dimension, seed: 1), withInt8: true, withInt4: true));
        }
        _index = shared.Index;
        _queries = GalleryData.Queries(Batch, Dimension, seed: 2);
        _rows = _index.Catalog.VectorArray;
        if (_bytes is null)
        {
            // Written, not just allocated: untouched pages would all map to the kernel's one zero page and read from cache.
            _bytes = new sbyte[(long)Items * Dimension];
            new Random(5).NextBytes(MemoryMarshal.AsBytes(_bytes.AsSpan()));
        }
    }

    [Benchmark(Description = "peer: one pass over fp32 rows (sum)")]
    public float ScanFp32Bytes()
    {
        var total = 0f;
        const int block = 1 << 20;
        for (long i = 0; i < _rows.LongLength; i += block)
            total += TensorPrimitives.Sum(_rows.AsSpan((int)i, (int)Math.Min(block, _rows.LongLength - i)));
        return total;
    }

    [Benchmark(Description = "peer: one pass over int8 rows (sum)")]
    public long ScanInt8Bytes()
    {
        // The bytes read as 64-bit integers and summed with SIMD: the same traffic as the int8 scan, minimal compute.
        long total = 0;
        const int block = 1 << 20;
        var longs = MemoryMarshal.Cast<sbyte, long>(_bytes.AsSpan());
        for (var i = 0; i < longs.Length; i += block)
            total += TensorPrimitives.Sum<long>(longs.Slice(i, Math.Min(block, longs.Length - i)));
        return total;
    }

    [Benchmark(Description = "peer: one pass over int4 rows (sum)")]
    public long ScanInt4Bytes()
    {
        // Half the int8 bytes: what a 4-bit scan must read (D/2 bytes per row).
        long total = 0;
        const int block = 1 << 20;
        var longs = MemoryMarshal.Cast<sbyte, long>(_bytes.AsSpan(0, _bytes.Length / 2));
        for (var i = 0; i < longs.Length; i += block)
            total += TensorPrimitives.Sum<long>(longs.Slice(i, Math.Min(block, longs.Length - i)));
        return total;
    }

    [Benchmark(Description = "int4 pre-scan + fp32 re-rank of 1024, 1 query")]
    public RetrievalHit[] Int4Rerank() => _index.SearchInt4(_queries[0], 10, candidates: 1024);

    [Benchmark(Baseline = true, Description = "exact fp32, 1 query")]
    public RetrievalHit[] ExactFp32() => _index.Search(_queries[0], 10);

    [Benchmark(Description = "exact fp32, batch of 16 (per batch)")]
    public RetrievalHit[][] ExactFp32Batch() => _index.SearchBatch(_queries, 10);

    [Benchmark(Description = "int8 pre-scan + fp32 re-rank of 256, 1 query")]
    public RetrievalHit[] Int8Rerank() => _index.SearchInt8(_queries[0], 10, candidates: 256);
}
