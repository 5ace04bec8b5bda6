using Bci.Alignment.Catalogs;
using Parquet;
using Parquet.Serialization;

namespace Bci.Alignment.Formats;

/// <summary>
/// Latents in Parquet: one row per item with columns "name" (string), "source" (optional string) and "latent"
/// (list of float), the layout embedding tables usually take. Catalog identity goes in the file's key/value
/// metadata ("bci.space_id", "bci.model", "bci.normalisation"; other keys are kept as catalog metadata).
/// </summary>
public static class ParquetLatentFile
{
    private const string Prefix = "bci.";

    public static void Write(LatentCatalog catalog, string path)
    {
        var rows = new List<ParquetLatentRow>(catalog.Count);
        for (var i = 0; i < catalog.Count; i++)
            rows.Add(new ParquetLatentRow { Name = catalog.Items[i].Name, Source = catalog.Items[i].SourceToken, Latent = [.. catalog.Vector(i)] });
        var metadata = new Dictionary<string, string>(catalog.Metadata)
        {
            [Prefix + "space_id"] = catalog.SpaceId,
            [Prefix + "model"] = catalog.Model,
            [Prefix + "normalisation"] = catalog.Normalisation.ToString().ToLowerInvariant(),
        };
        using var stream = File.Create(path);
        ParquetSerializer.SerializeAsync(rows, stream, new ParquetOptions(), metadata).GetAwaiter().GetResult();
    }

    public static LatentCatalog Read(string path)
    {
        IList<ParquetLatentRow> rows;
        IReadOnlyDictionary<string, string> metadata;
        try
        {
            using var stream = File.OpenRead(path);
            var result = ParquetSerializer.DeserializeAsync<ParquetLatentRow>(stream, new ParquetOptions { PropertyNameCaseInsensitive = true })
                .GetAwaiter().GetResult();
            rows = result.Data;
            metadata = result.CustomMetadata ?? new Dictionary<string, string>();
        }
        catch (Exception e) when (e is not IOException and not UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: not a latent Parquet file (columns name: string, source: string, latent: list<float>): {e.Message}", e);
        }
        if (rows.Count == 0)
            throw new InvalidDataException($"{path}: the Parquet file has no rows");
        var dimension = rows[0].Latent.Count;
        var vectors = new float[(long)rows.Count * dimension];
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Latent.Count != dimension)
                throw new InvalidDataException($"{path}: row {r} ('{rows[r].Name}') has {rows[r].Latent.Count} latent values, row 0 has {dimension}");
            rows[r].Latent.CopyTo(vectors, r * dimension);
        }
        var items = rows.Select((row, r) => LatentItem.FromToken(string.IsNullOrEmpty(row.Name) ? $"item{r}" : row.Name, row.Source));
        var normalisation = metadata.TryGetValue(Prefix + "normalisation", out var n) && Enum.TryParse<LatentNormalisation>(n, true, out var parsed)
            ? parsed
            : LatentNormalisation.None;
        var rest = metadata.Where(kv => !kv.Key.StartsWith(Prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        return new LatentCatalog(metadata.GetValueOrDefault(Prefix + "space_id", ""), metadata.GetValueOrDefault(Prefix + "model", ""),
            dimension, items, vectors, normalisation, rest);
    }
}
