using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Bci.Alignment.Catalogs;

namespace Bci.Alignment.Formats;

/// <summary>
/// The project's compact catalog format (.bcilat): the 8 bytes "BCILAT01", a little-endian uint32 header length,
/// a UTF-8 JSON header (space id, model, dimension, count, normalisation, encoding, items with sources,
/// metadata), zero padding so the vectors start on a 64-byte boundary, then the vectors: float32 rows, or for
/// int8 one float32 scale per row followed by the int8 rows. Everything a catalog holds survives a round trip
/// (exactly for float32).
/// </summary>
public static class BcilatFile
{
    private static ReadOnlySpan<byte> Magic => "BCILAT01"u8;

    public static void Write(LatentCatalog catalog, string path, BcilatEncoding encoding = BcilatEncoding.Float32)
    {
        var header = new JsonObject
        {
            ["format"] = "bcilat",
            ["version"] = 1,
            ["space_id"] = catalog.SpaceId,
            ["model"] = catalog.Model,
            ["dimension"] = catalog.Dimension,
            ["count"] = catalog.Count,
            ["normalisation"] = catalog.Normalisation.ToString().ToLowerInvariant(),
            ["encoding"] = encoding == BcilatEncoding.Int8 ? "int8" : "float32",
            ["items"] = new JsonArray(catalog.Items.Select(i => (JsonNode)new JsonObject { ["name"] = i.Name, ["source"] = i.SourceToken }).ToArray()),
            ["metadata"] = new JsonObject(catalog.Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        };
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        stream.Write(Magic);
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(four, (uint)headerBytes.Length);
        stream.Write(four);
        stream.Write(headerBytes);
        var written = 12 + headerBytes.Length;
        stream.Write(new byte[(64 - written % 64) % 64]);

        var d = catalog.Dimension;
        if (encoding == BcilatEncoding.Float32)
        {
            for (var i = 0; i < catalog.Count; i++)
                WriteFloats(stream, catalog.Vector(i));
            return;
        }
        var scales = new float[catalog.Count];
        var rows = new sbyte[(long)catalog.Count * d];
        for (var i = 0; i < catalog.Count; i++)
            scales[i] = Int8Quantiser.Quantise(catalog.Vector(i), rows.AsSpan(i * d, d));
        WriteFloats(stream, scales);
        stream.Write(MemoryMarshal.AsBytes(rows.AsSpan()));
    }

    public static LatentCatalog Read(string path)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 20);
        var twelve = new byte[12];
        Fill(stream, twelve, path, "the preamble");
        if (!twelve.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a .bcilat file (the first 8 bytes are not \"BCILAT01\")");
        var headerLength = BinaryPrimitives.ReadUInt32LittleEndian(twelve.AsSpan(8));
        if (headerLength > 1u << 30)
            throw new InvalidDataException($"{path}: header length {headerLength} at byte 8 is impossible");
        var headerBytes = new byte[headerLength];
        Fill(stream, headerBytes, path, "the JSON header");
        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes)!.AsObject();
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path}: header (bytes 12..{12 + headerLength}) is not JSON: {e.Message}", e);
        }
        var dimension = Required(header, "dimension", path).GetValue<int>();
        var count = Required(header, "count", path).GetValue<int>();
        var encoding = (header["encoding"]?.GetValue<string>() ?? "float32") switch
        {
            "float32" => BcilatEncoding.Float32,
            "int8" => BcilatEncoding.Int8,
            var other => throw new InvalidDataException($"{path}: encoding '{other}' is unknown (float32 or int8)"),
        };
        var normalisation = Enum.TryParse<LatentNormalisation>(header["normalisation"]?.GetValue<string>() ?? "none", true, out var n)
            ? n
            : throw new InvalidDataException($"{path}: normalisation '{header["normalisation"]}' is unknown (none or l2)");
        var items = Required(header, "items", path).AsArray()
            .Select(node => LatentItem.FromToken(node!["name"]!.GetValue<string>(), node["source"]?.GetValue<string>()))
            .ToList();
        if (items.Count != count)
            throw new InvalidDataException($"{path}: header says {count} items but lists {items.Count}");
        var metadata = header["metadata"]?.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "") ?? [];

        var skip = (64 - (12 + (int)headerLength) % 64) % 64;
        Fill(stream, new byte[skip], path, "the padding after the header");
        var vectors = new float[(long)count * dimension];
        if (encoding == BcilatEncoding.Float32)
        {
            ReadFloats(stream, vectors, path);
        }
        else
        {
            var scales = new float[count];
            ReadFloats(stream, scales, path);
            var row = new sbyte[dimension];
            for (var i = 0; i < count; i++)
            {
                Fill(stream, MemoryMarshal.AsBytes(row.AsSpan()), path, $"int8 row of item {i}");
                Int8Quantiser.Dequantise(row, scales[i], vectors.AsSpan(i * dimension, dimension));
            }
        }
        return new LatentCatalog(header["space_id"]?.GetValue<string>() ?? "", header["model"]?.GetValue<string>() ?? "",
            dimension, items, vectors, normalisation, metadata);
    }

    private static JsonNode Required(JsonObject header, string key, string path) =>
        header[key] ?? throw new InvalidDataException($"{path}: header has no \"{key}\"");

    private static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> four = stackalloc byte[4];
        foreach (var v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, v);
            stream.Write(four);
        }
    }

    private static void ReadFloats(Stream stream, float[] values, string path)
    {
        const int block = 1 << 20;
        for (long start = 0; start < values.LongLength; start += block)
        {
            var span = values.AsSpan((int)start, (int)Math.Min(block, values.LongLength - start));
            Fill(stream, MemoryMarshal.AsBytes(span), path, $"vector data (value {start} of {values.LongLength}; file truncated?)");
            if (!BitConverter.IsLittleEndian)
                for (var i = 0; i < span.Length; i++)
                    span[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReverseEndianness(BitConverter.SingleToInt32Bits(span[i])));
        }
    }

    private static void Fill(Stream stream, Span<byte> buffer, string path, string what)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: file ends inside {what}");
        }
    }
}
