using System.Collections.Immutable;
using System.Reactive.Linq;
using Bci.Alignment.Catalogs;
using Bci.Alignment.Formats;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Alignment.Retrieval;

/// <summary>
/// Top-k gallery items for each decoded epoch: the decoder's embedding (which lives in the catalog's latent
/// space) is compared by cosine with every catalog item, exactly.
/// </summary>
[Stage("retrieve", Description = "Top-k catalog items by cosine similarity for each decoded epoch's embedding.")]
public sealed class RetrieveStage : IStage<DecodedOutput, RetrievalResult>, IValidatingStage
{
    // The loaded index is immutable, so one copy is shared by every run of this stage object.
    private readonly LoadedOnce<LatentIndex> _index = new();

    [Option("catalog", Required = true, Description = "Gallery latents (.bcilat, .npz, .npy, .safetensors, .parquet), relative to the pipeline file.")]
    public string Catalog { get; init; } = "";

    [Option("k", Description = "How many items to report per epoch.")]
    public int K { get; init; } = 5;

    [Option("int8", Description = "Pre-scan an int8 copy of the gallery, then re-rank the best candidates exactly (for very large galleries).")]
    public bool Int8 { get; init; }

    [Option("int4", Description = "Pre-scan a 4-bit copy of the gallery (half the int8 traffic), then re-rank the best candidates exactly (raise candidates, e.g. 1024).")]
    public bool Int4 { get; init; }

    [Option("candidates", Description = "Candidates re-ranked exactly after the int8 or int4 pre-scan.")]
    public int Candidates { get; init; } = 256;

    [Option("threads", Description = "Threads per search (1 = one core).")]
    public int Threads { get; init; } = 1;

    [Option("epochs-only", Description = "Ignore decoded outputs that were not locked to a stimulus marker (sliding windows).")]
    public bool EpochsOnly { get; init; } = true;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Catalog)) yield return "catalog: a latent catalog file is required";
        if (K <= 0) yield return $"k: must be > 0 (got {K})";
        if (Candidates < K) yield return $"candidates: must be >= k ({Candidates} < {K})";
        if (Threads <= 0) yield return $"threads: must be > 0 (got {Threads})";
        if (Int8 && Int4) yield return "int8, int4: choose one pre-scan";
    }

    public IObservable<RetrievalResult> Apply(IObservable<DecodedOutput> input, StageContext context) => Observable.Defer(() =>
    {
        var index = _index.Get(context.ResolvePath(Catalog), path => new LatentIndex(LatentCatalogFile.Read(path), withInt8: Int8, withInt4: Int4));
        context.Info($"gallery {index.Catalog} (pre-scan: {(Int8 ? "int8" : Int4 ? "int4" : "none, exact")})");
        var skipped = context.Health.Counter("skipped-windows");
        return input.Where(output =>
        {
            if (EpochsOnly && output.Event is null || output.Embedding.IsDefaultOrEmpty)
            {
                skipped.Increment();
                return false;
            }
            return true;
        }).Select(output =>
        {
            var query = output.Embedding.AsSpan();
            if (query.Length != index.Dimension)
                throw new InvalidOperationException(
                    $"decoder '{output.Decoder}' emits {query.Length}-dimensional embeddings but catalog '{index.Catalog.SpaceId}' has {index.Dimension} dimensions: decoder and catalog must share a latent space");
            var hits = Int8 ? index.SearchInt8(query, K, Candidates, Threads)
                : Int4 ? index.SearchInt4(query, K, Candidates, Threads)
                : index.SearchBatch([query.ToArray()], K, Threads)[0];
            return new RetrievalResult(index.Catalog.SpaceId, output.Timestamp, output.Event, hits.ToImmutableArray());
        });
    });
}
