using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bci.Alignment.Formats;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header mapping tensor names to
/// {dtype, shape, data_offsets} (offsets relative to the end of the header) plus an optional "__metadata__"
/// object of string values, then the raw little-endian tensor bytes.
/// </summary>
public static class SafetensorsFile
{
    /// <summary>The header's tensors and metadata, and a reader for one tensor as floats.</summary>
    public sealed class Contents(IReadOnlyDictionary<string, (string Dtype, int[] Shape, float[] Values)> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        public IReadOnlyDictionary<string, (string Dtype, int[] Shape, float[] Values)> Tensors { get; } = tensors;
        public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;
    }

    public static Contents Read(string path)
    {
        using var stream = File.OpenRead(path);
        var eight = new byte[8];
        if (stream.Read(eight) != 8)
            throw new InvalidDataException($"{path}: too short for a safetensors file (no 8-byte header length)");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(eight);
        if (headerLength == 0 || headerLength > 100_000_000 || (long)headerLength > stream.Length - 8)
            throw new InvalidDataException($"{path}: safetensors header length {headerLength} is impossible for a {stream.Length}-byte file");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes)?.AsObject() ?? throw new InvalidDataException($"{path}: safetensors header is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: safetensors header is not JSON: {e.Message}", e);
        }
        var dataStart = 8 + (long)headerLength;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new Dictionary<string, (string, int[], float[])>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (key, value) in node!.AsObject())
                    metadata[key] = value?.GetValue<string>() ?? "";
                continue;
            }
            var dtype = node!["dtype"]!.GetValue<string>();
            var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
            var offsets = node["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var size = ElementSize(dtype, path, name);
            var count = shape.Aggregate(1L, (a, b) => a * b);
            if (offsets.Length != 2 || offsets[1] - offsets[0] != count * size || dataStart + offsets[1] > stream.Length)
                throw new InvalidDataException($"{path}: tensor '{name}' ({dtype} [{string.Join(", ", shape)}]) has data_offsets [{string.Join(", ", offsets)}] that do not match its size or the file");
            var bytes = new byte[offsets[1] - offsets[0]];
            stream.Position = dataStart + offsets[0];
            stream.ReadExactly(bytes);
            tensors[name] = (dtype, shape, Decode(bytes, dtype, count));
        }
        return new Contents(tensors, metadata);
    }

    /// <summary>Writes float32 tensors (row-major) and string metadata.</summary>
    public static void Write(string path, IReadOnlyList<(string Name, int[] Shape, float[] Values)> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var header = new JsonObject();
        if (metadata.Count > 0)
        {
            var meta = new JsonObject();
            foreach (var (key, value) in metadata) meta[key] = value;
            header["__metadata__"] = meta;
        }
        long offset = 0;
        foreach (var (name, shape, values) in tensors)
        {
            var length = (long)values.Length * 4;
            header[name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + length),
            };
            offset += length;
        }
        var text = header.ToJsonString();
        // The spec allows trailing spaces; padding to 8 bytes keeps the tensors aligned for memory mapping.
        text = text.PadRight((text.Length + 7) / 8 * 8);
        var headerBytes = Encoding.UTF8.GetBytes(text);
        using var stream = new BufferedStream(File.Create(path), 1 << 16);
        var eight = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(eight, (ulong)headerBytes.Length);
        stream.Write(eight);
        stream.Write(headerBytes);
        var buffer = new byte[4];
        foreach (var (_, _, values) in tensors)
        {
            foreach (var v in values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer, v);
                stream.Write(buffer);
            }
        }
    }

    private static int ElementSize(string dtype, string path, string name) => dtype switch
    {
        "F64" or "I64" => 8,
        "F32" or "I32" => 4,
        "F16" or "BF16" or "I16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => throw new InvalidDataException($"{path}: tensor '{name}' has dtype '{dtype}', which is not supported (F64, F32, F16, BF16 and integers are)"),
    };

    private static float[] Decode(byte[] bytes, string dtype, long count)
    {
        var result = new float[count];
        var span = bytes.AsSpan();
        for (var i = 0; i < count; i++)
        {
            result[i] = dtype switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(span[(i * 4)..]),
                "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(span[(i * 8)..]),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(span[(i * 2)..]),
                // bfloat16 is the top half of a float32.
                "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 2)..]) << 16),
                "I64" => BinaryPrimitives.ReadInt64LittleEndian(span[(i * 8)..]),
                "I32" => BinaryPrimitives.ReadInt32LittleEndian(span[(i * 4)..]),
                "I16" => BinaryPrimitives.ReadInt16LittleEndian(span[(i * 2)..]),
                "I8" => (sbyte)span[i],
                _ => span[i],
            };
        }
        return result;
    }
}
