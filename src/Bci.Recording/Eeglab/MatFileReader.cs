using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Bci.Recording.Eeglab;

/// <summary>
/// Reads the variables of a MATLAB level-5 MAT-file (what EEGLAB writes for .set files up to v7): tagged data
/// elements, zlib-compressed elements, numeric/char/struct/cell arrays. Every length is checked against the bytes
/// that hold it before anything is allocated; v7.3 files (HDF5) get a clear error. Little-endian files only.
/// </summary>
internal sealed class MatFileReader
{
    private const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiSingle = 7, MiDouble = 9;
    private const int MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15, MiUtf8 = 16, MiUtf16 = 17, MiUtf32 = 18;
    private const long MaxDecompressed = 1L << 30;
    private const int MaxDepth = 64;

    private static readonly byte[] HdfSignature = [0x89, (byte)'H', (byte)'D', (byte)'F'];
    private readonly string _path;

    private MatFileReader(string path) => _path = path;

    public static Dictionary<string, MatValue> ReadVariables(string path, byte[] file)
    {
        var reader = new MatFileReader(path);
        if (file.Length < 128) throw new RecordingFormatException(path, file.Length, $"file ends inside the 128-byte MAT header ({file.Length} bytes)");
        var text = Encoding.ASCII.GetString(file, 0, 116);
        if (text.Contains("MATLAB 7.3", StringComparison.Ordinal) || (file.Length > 516 && file.AsSpan(512, 4).SequenceEqual(HdfSignature)))
            throw new RecordingFormatException(path, 0,
                "MATLAB v7.3 (HDF5) .set files are not supported; re-save the data set in EEGLAB as a MATLAB v7 file (pop_saveset(..., 'version', '7'))");
        if (file[126] == (byte)'M' && file[127] == (byte)'I')
            throw new RecordingFormatException(path, 126, "big-endian MAT files are not supported");
        if (file[126] != (byte)'I' || file[127] != (byte)'M')
            throw new RecordingFormatException(path, 126, "not a MAT v5 file (no 'IM' endian indicator at byte 126)");

        var variables = new Dictionary<string, MatValue>(StringComparer.Ordinal);
        var pos = 128;
        while (pos + 8 <= file.Length)
        {
            var (type, size, dataAt, next) = reader.Tag(file, pos, file.Length, 0);
            if (type == MiCompressed)
            {
                var inflated = reader.Inflate(file.AsSpan(dataAt, size), pos);
                var (innerType, innerSize, innerAt, _) = reader.Tag(inflated, 0, inflated.Length, pos);
                if (innerType == MiMatrix)
                {
                    var (name, value) = reader.Matrix(inflated, innerAt, innerSize, pos, 0);
                    variables[name] = value;
                }
            }
            else if (type == MiMatrix)
            {
                var (name, value) = reader.Matrix(file, dataAt, size, 0, 0);
                variables[name] = value;
            }
            pos = next;
        }
        return variables;
    }

    // Returns (type, size, offset of the data, offset of the next element). Offsets in errors are relative to the
    // file, or to the start of the compressed element (baseOffset) for data inside one.
    private (int Type, int Size, int DataAt, int Next) Tag(byte[] buffer, int pos, int end, long baseOffset)
    {
        if (pos + 8 > end) throw Error(baseOffset + pos, "data element tag is cut off");
        var first = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(pos));
        if ((first >> 16) != 0)
        {
            // Small data element: type and size share the first word, up to 4 bytes of data follow.
            var smallSize = (int)(first >> 16);
            if (smallSize > 4) throw Error(baseOffset + pos, $"small data element claims {smallSize} bytes (at most 4)");
            return ((int)(first & 0xFFFF), smallSize, pos + 4, pos + 8);
        }
        var size = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(pos + 4));
        if (size > end - pos - 8) throw Error(baseOffset + pos, $"data element of type {first} claims {size} bytes but only {end - pos - 8} remain");
        var padded = first == MiCompressed ? size : (size + 7) & ~7L;
        var next = (int)Math.Min(end, pos + 8 + padded);
        return ((int)first, (int)size, pos + 8, next);
    }

    private byte[] Inflate(ReadOnlySpan<byte> compressed, long at)
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray());
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = zlib.Read(buffer)) > 0)
            {
                if (output.Length + n > MaxDecompressed) throw Error(at, "compressed element inflates beyond 1 GiB");
                output.Write(buffer, 0, n);
            }
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new RecordingFormatException(_path, at, $"compressed element is corrupt: {e.Message}", e);
        }
    }

    private (string Name, MatValue Value) Matrix(byte[] b, int at, int size, long baseOffset, int depth)
    {
        if (depth > MaxDepth) throw Error(baseOffset + at, "arrays nested deeper than 64 levels");
        var end = at + size;
        if (size == 0) return ("", new MatNumeric([0, 0], []));
        var (flagsType, flagsSize, flagsAt, pos) = Tag(b, at, end, baseOffset);
        if (flagsType != MiUInt32 || flagsSize < 8) throw Error(baseOffset + at, "array flags sub-element missing");
        var classCode = b[flagsAt];
        var isComplex = (b[flagsAt + 1] & 0x08) != 0;

        var (dimType, dimSize, dimAt, afterDims) = Tag(b, pos, end, baseOffset);
        if (dimType != MiInt32 || dimSize % 4 != 0 || dimSize == 0) throw Error(baseOffset + pos, "dimensions sub-element missing");
        var dims = new int[dimSize / 4];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(dimAt + 4 * i));
            if (dims[i] < 0) throw Error(baseOffset + dimAt + 4 * i, $"negative dimension {dims[i]}");
        }
        var count = dims.Aggregate(1L, (a, d) => a * d);

        var (nameType, nameSize, nameAt, afterName) = Tag(b, afterDims, end, baseOffset);
        if (nameType != MiInt8 && nameType != MiUInt8) throw Error(baseOffset + afterDims, "array name sub-element missing");
        var name = Encoding.ASCII.GetString(b, nameAt, nameSize);
        pos = afterName;

        switch (classCode)
        {
            case 1: // cell
            {
                if (count * 8 > size) throw Error(baseOffset + at, $"cell array of {count} items cannot fit in {size} bytes");
                var items = new MatValue[count];
                for (var i = 0; i < count; i++)
                {
                    var (t, s, d, n) = Tag(b, pos, end, baseOffset);
                    items[i] = t == MiMatrix ? Matrix(b, d, s, baseOffset, depth + 1).Value : new MatOther([0, 0], 0);
                    pos = n;
                }
                return (name, new MatCell(dims, items));
            }
            case 2: // struct
            case 3: // object: class name first, then like a struct
            {
                if (classCode == 3) pos = Tag(b, pos, end, baseOffset).Next;
                var (lenType, lenSize, lenAt, afterLen) = Tag(b, pos, end, baseOffset);
                if (lenType != MiInt32 || lenSize != 4) throw Error(baseOffset + pos, "struct field name length missing");
                var fieldLength = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(lenAt));
                var (_, namesSize, namesAt, afterNames) = Tag(b, afterLen, end, baseOffset);
                if (fieldLength <= 0) return (name, new MatStruct(dims, [], []));
                var fieldCount = namesSize / fieldLength;
                var fields = new string[fieldCount];
                for (var f = 0; f < fieldCount; f++)
                    fields[f] = Encoding.ASCII.GetString(b, namesAt + f * fieldLength, fieldLength).TrimEnd('\0');
                if (count * Math.Max(1, fieldCount) * 8 > size) throw Error(baseOffset + at, $"struct array of {count} elements cannot fit in {size} bytes");
                pos = afterNames;
                var elements = new MatValue[count][];
                for (var e = 0; e < count; e++)
                {
                    elements[e] = new MatValue[fieldCount];
                    for (var f = 0; f < fieldCount; f++)
                    {
                        var (t, s, d, n) = Tag(b, pos, end, baseOffset);
                        elements[e][f] = t == MiMatrix ? Matrix(b, d, s, baseOffset, depth + 1).Value : new MatOther([0, 0], 0);
                        pos = n;
                    }
                }
                return (name, new MatStruct(dims, fields, elements));
            }
            case 4: // char
            {
                if (count == 0) return (name, new MatText(dims, ""));
                var (t, s, d, _) = Tag(b, pos, end, baseOffset);
                var chars = t switch
                {
                    MiUInt16 or MiInt16 => Enumerable.Range(0, s / 2).Select(i => (char)BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(d + 2 * i))).ToArray(),
                    MiUtf8 or MiUInt8 or MiInt8 => Encoding.UTF8.GetString(b, d, s).ToCharArray(),
                    MiUtf16 => Encoding.Unicode.GetString(b, d, s).ToCharArray(),
                    MiUtf32 => Encoding.UTF32.GetString(b, d, s).ToCharArray(),
                    _ => throw Error(baseOffset + pos, $"char array stored as type {t}"),
                };
                return (name, new MatText(dims, CharRows(dims, chars)));
            }
            case >= 6 and <= 15: // numeric
            {
                var (t, s, d, _) = Tag(b, pos, end, baseOffset);
                var width = ElementSize(t);
                if (width == 0) throw Error(baseOffset + pos, $"numeric array stored as type {t}");
                if (count * width > s) throw Error(baseOffset + pos, $"array of {count} values needs {count * width} bytes but its data holds {s}");
                var values = new double[count];
                var span = b.AsSpan(d, s);
                for (var i = 0; i < count; i++) values[i] = ReadNumber(t, span[(i * width)..]);
                _ = isComplex; // the imaginary part, when present, is not needed for any EEGLAB field read here
                return (name, new MatNumeric(dims, values));
            }
            default:
                return (name, new MatOther(dims, classCode));
        }
    }

    private static string CharRows(int[] dims, char[] chars)
    {
        if (dims.Length < 2 || dims[0] <= 1) return new string(chars);
        // Column-major: row r is chars[r], chars[r + rows], ...
        var rows = dims[0];
        var columns = chars.Length / rows;
        return string.Join("\n", Enumerable.Range(0, rows).Select(r => new string(Enumerable.Range(0, columns).Select(c => chars[r + c * rows]).ToArray()).TrimEnd()));
    }

    private static int ElementSize(int type) => type switch
    {
        MiInt8 or MiUInt8 => 1,
        MiInt16 or MiUInt16 => 2,
        MiInt32 or MiUInt32 or MiSingle => 4,
        MiDouble or MiInt64 or MiUInt64 => 8,
        _ => 0,
    };

    private static double ReadNumber(int type, ReadOnlySpan<byte> s) => type switch
    {
        MiInt8 => (sbyte)s[0],
        MiUInt8 => s[0],
        MiInt16 => BinaryPrimitives.ReadInt16LittleEndian(s),
        MiUInt16 => BinaryPrimitives.ReadUInt16LittleEndian(s),
        MiInt32 => BinaryPrimitives.ReadInt32LittleEndian(s),
        MiUInt32 => BinaryPrimitives.ReadUInt32LittleEndian(s),
        MiSingle => BinaryPrimitives.ReadSingleLittleEndian(s),
        MiInt64 => BinaryPrimitives.ReadInt64LittleEndian(s),
        MiUInt64 => BinaryPrimitives.ReadUInt64LittleEndian(s),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(s),
    };

    private RecordingFormatException Error(long offset, string message) => new(_path, offset, message);
}
