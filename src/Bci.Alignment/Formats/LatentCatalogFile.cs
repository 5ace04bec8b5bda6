using System.Text.Json;
using Bci.Alignment.Catalogs;

namespace Bci.Alignment.Formats;

/// <summary>
/// Reads and writes catalogs by file extension: .bcilat (the project's own), .npy (a bare N x D array),
/// .npz, .safetensors and .parquet. In .npz and .safetensors the vectors are the array named "latents"
/// (or "embeddings", "vectors", "features", or the only 2-D float array); item names come from a "names"
/// string array (.npz) or the "names" JSON list in "__metadata__" (.safetensors); sources likewise from
/// "sources"; identity from "space_id", "model" and "normalisation".
/// </summary>
public static class LatentCatalogFile
{
    public static readonly string[] Extensions = [".bcilat", ".npy", ".npz", ".safetensors", ".parquet"];
    private static readonly string[] VectorKeys = ["latents", "embeddings", "vectors", "features"];

    public static LatentCatalog Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"latent catalog '{path}' does not exist", path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".bcilat" => BcilatFile.Read(path),
            ".npy" => FromNpy(path),
            ".npz" => FromNpz(path),
            ".safetensors" => FromSafetensors(path),
            ".parquet" => ParquetLatentFile.Read(path),
            var other => throw new NotSupportedException($"'{path}': catalog format '{other}' is unknown (use {string.Join(", ", Extensions)})"),
        };
    }

    public static void Write(LatentCatalog catalog, string path, BcilatEncoding encoding = BcilatEncoding.Float32)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (encoding != BcilatEncoding.Float32 && extension != ".bcilat")
            throw new NotSupportedException($"'{path}': int8 encoding is only available in .bcilat");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        switch (extension)
        {
            case ".bcilat": BcilatFile.Write(catalog, path, encoding); break;
            case ".npy": NpyFile.WriteFloat32(path, catalog.Vectors, catalog.Count, catalog.Dimension); break;
            case ".npz": ToNpz(catalog, path); break;
            case ".safetensors": ToSafetensors(catalog, path); break;
            case ".parquet": ParquetLatentFile.Write(catalog, path); break;
            default: throw new NotSupportedException($"'{path}': catalog format '{extension}' is unknown (use {string.Join(", ", Extensions)})");
        }
    }

    private static LatentCatalog FromNpy(string path)
    {
        var array = NpyFile.Read(path);
        var (count, dimension) = Matrix(array, path, "the array");
        return new LatentCatalog(Path.GetFileNameWithoutExtension(path), "", dimension,
            Enumerable.Range(0, count).Select(i => new LatentItem(i.ToString(System.Globalization.CultureInfo.InvariantCulture))), array.Numbers!);
    }

    private static LatentCatalog FromNpz(string path)
    {
        var arrays = NpzFile.Read(path);
        var key = VectorKeys.FirstOrDefault(arrays.ContainsKey)
            ?? arrays.Where(kv => kv.Value.IsNumeric && kv.Value.Shape.Length == 2).Select(kv => kv.Key).SingleOrDefault()
            ?? throw new InvalidDataException($"{path}: no latent array (named {string.Join("/", VectorKeys)}, or the only 2-D float array); arrays: {string.Join(", ", arrays.Select(kv => $"{kv.Key} {kv.Value}"))}");
        var (count, dimension) = Matrix(arrays[key], path, $"array '{key}'");
        var names = Strings(arrays, "names", count, path);
        var sources = Strings(arrays, "sources", count, path);
        string Text(string k) => arrays.TryGetValue(k, out var a) && a.Strings is { Length: 1 } s ? s[0] : "";
        return Build(path, count, dimension, arrays[key].Numbers!, names, sources, Text("space_id"), Text("model"), Text("normalisation"));
    }

    private static LatentCatalog FromSafetensors(string path)
    {
        var contents = SafetensorsFile.Read(path);
        var key = VectorKeys.FirstOrDefault(contents.Tensors.ContainsKey)
            ?? contents.Tensors.Where(kv => kv.Value.Shape.Length == 2).Select(kv => kv.Key).SingleOrDefault()
            ?? throw new InvalidDataException($"{path}: no latent tensor (named {string.Join("/", VectorKeys)}, or the only 2-D tensor)");
        var (_, shape, values) = contents.Tensors[key];
        if (shape.Length != 2)
            throw new InvalidDataException($"{path}: tensor '{key}' has shape [{string.Join(", ", shape)}]; a catalog needs [items, dimension]");
        string[]? List(string k)
        {
            if (!contents.Metadata.TryGetValue(k, out var json)) return null;
            try
            {
                return JsonSerializer.Deserialize<string[]>(json);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: __metadata__ \"{k}\" is not a JSON list of strings: {e.Message}", e);
            }
        }
        var meta = contents.Metadata;
        var rest = meta.Where(kv => kv.Key is not ("names" or "sources" or "space_id" or "model" or "normalisation"))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        return Build(path, shape[0], shape[1], values, List("names"), List("sources"),
            meta.GetValueOrDefault("space_id", ""), meta.GetValueOrDefault("model", ""), meta.GetValueOrDefault("normalisation", ""), rest);
    }

    private static void ToNpz(LatentCatalog catalog, string path) =>
        NpzFile.Write(path,
        [
            ("latents", s => NpyFile.WriteFloat32(s, catalog.Vectors, catalog.Count, catalog.Dimension)),
            ("names", s => NpyFile.WriteStrings(s, catalog.Items.Select(i => i.Name).ToList())),
            ("sources", s => NpyFile.WriteStrings(s, catalog.Items.Select(i => i.SourceToken).ToList())),
            ("space_id", s => NpyFile.WriteStrings(s, [catalog.SpaceId])),
            ("model", s => NpyFile.WriteStrings(s, [catalog.Model])),
            ("normalisation", s => NpyFile.WriteStrings(s, [catalog.Normalisation.ToString().ToLowerInvariant()])),
        ]);

    private static void ToSafetensors(LatentCatalog catalog, string path) =>
        SafetensorsFile.Write(path, [("latents", [catalog.Count, catalog.Dimension], catalog.Vectors.ToArray())],
            new Dictionary<string, string>(catalog.Metadata)
            {
                ["space_id"] = catalog.SpaceId,
                ["model"] = catalog.Model,
                ["normalisation"] = catalog.Normalisation.ToString().ToLowerInvariant(),
                ["names"] = JsonSerializer.Serialize(catalog.Items.Select(i => i.Name)),
                ["sources"] = JsonSerializer.Serialize(catalog.Items.Select(i => i.SourceToken)),
            });

    private static LatentCatalog Build(string path, int count, int dimension, float[] values, string[]? names, string[]? sources,
        string spaceId, string model, string normalisation, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (names is not null && names.Length != count)
            throw new InvalidDataException($"{path}: {names.Length} names for {count} latent vectors");
        if (sources is not null && sources.Length != count)
            throw new InvalidDataException($"{path}: {sources.Length} sources for {count} latent vectors");
        var items = Enumerable.Range(0, count).Select(i =>
            LatentItem.FromToken(names?[i] ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture), sources?[i]));
        var norm = Enum.TryParse<LatentNormalisation>(normalisation, true, out var n) ? n : LatentNormalisation.None;
        return new LatentCatalog(spaceId.Length > 0 ? spaceId : Path.GetFileNameWithoutExtension(path), model, dimension, items, values, norm, metadata);
    }

    private static (int Count, int Dimension) Matrix(NpyArray array, string path, string what)
    {
        if (!array.IsNumeric || array.Shape.Length != 2)
            throw new InvalidDataException($"{path}: {what} is {array}; a catalog needs a 2-D numeric array [items, dimension]");
        return (array.Shape[0], array.Shape[1]);
    }

    private static string[]? Strings(IReadOnlyDictionary<string, NpyArray> arrays, string key, int count, string path)
    {
        if (!arrays.TryGetValue(key, out var array)) return null;
        return array.Strings ?? throw new InvalidDataException($"{path}: array '{key}' is {array}; expected {count} strings");
    }
}
