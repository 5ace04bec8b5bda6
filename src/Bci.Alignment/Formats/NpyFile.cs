using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bci.Alignment.Formats;

/// <summary>
/// numpy's .npy format (versions 1-3, little- and big-endian, C and Fortran order): float16/32/64, integer,
/// fixed-width unicode and byte-string arrays. Writes float32 and unicode arrays in version 1 (or 2 when the
/// header needs it), which numpy.load reads back.
/// </summary>
public static partial class NpyFile
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyArray Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads one array; <paramref name="where"/> names the file (and entry) in error messages.</summary>
    public static NpyArray Read(Stream stream, string where)
    {
        var preamble = new byte[8];
        ReadExactly(stream, preamble, where, "the .npy preamble");
        if (!preamble.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"{where}: not a .npy file (magic bytes missing at offset 0)");
        var major = preamble[6];
        int headerLength;
        if (major == 1)
        {
            var two = new byte[2];
            ReadExactly(stream, two, where, "the header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(two);
        }
        else if (major is 2 or 3)
        {
            var four = new byte[4];
            ReadExactly(stream, four, where, "the header length");
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(four));
        }
        else
        {
            throw new InvalidDataException($"{where}: .npy format version {major}.{preamble[7]} is not supported (1-3 are)");
        }
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, where, "the header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);

        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shapeMatch.Success)
            throw new InvalidDataException($"{where}: .npy header is not a numpy header dict: {header.Trim()}");
        var dtype = descr.Groups[1].Value;
        var isFortran = fortran.Groups[1].Value == "True";
        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var count = shape.Aggregate(1L, (a, b) => a * b);

        var (kind, size, bigEndian) = ParseDtype(dtype, where);
        var payload = new byte[checked(count * size)];
        ReadExactly(stream, payload, where, $"{count} values of {dtype} (file truncated?)");

        float[]? numbers = null;
        string[]? strings = null;
        if (kind is 'U' or 'S')
            strings = DecodeStrings(payload, kind, size, count, bigEndian);
        else
            numbers = DecodeNumbers(payload, kind, size, count, bigEndian, dtype, where);

        if (isFortran && shape.Length == 2)
        {
            if (numbers is not null) numbers = Transpose(numbers, shape[0], shape[1]);
            if (strings is not null) strings = Transpose(strings, shape[0], shape[1]);
        }
        else if (isFortran && shape.Length > 2)
        {
            throw new InvalidDataException($"{where}: Fortran-ordered arrays of {shape.Length} dimensions are not supported");
        }
        return new NpyArray(dtype, shape, numbers, strings);
    }

    public static void WriteFloat32(string path, ReadOnlySpan<float> values, params int[] shape)
    {
        using var stream = File.Create(path);
        WriteFloat32(stream, values, shape);
    }

    /// <summary>Writes a little-endian float32 C-order array.</summary>
    public static void WriteFloat32(Stream stream, ReadOnlySpan<float> values, params int[] shape)
    {
        if (shape.Aggregate(1L, (a, b) => a * b) != values.Length)
            throw new ArgumentException($"{values.Length} values do not fill shape ({string.Join(", ", shape)})", nameof(shape));
        WriteHeader(stream, "<f4", shape);
        var buffer = new byte[Math.Min(values.Length, 1 << 16) * 4];
        for (var start = 0; start < values.Length; start += buffer.Length / 4)
        {
            var n = Math.Min(buffer.Length / 4, values.Length - start);
            for (var i = 0; i < n; i++)
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * 4), values[start + i]);
            stream.Write(buffer, 0, n * 4);
        }
    }

    /// <summary>Writes a 1-D fixed-width unicode array (numpy dtype "&lt;U{longest}").</summary>
    public static void WriteStrings(Stream stream, IReadOnlyList<string> values)
    {
        var width = Math.Max(1, values.Count == 0 ? 1 : values.Max(v => v.EnumerateRunes().Count()));
        WriteHeader(stream, $"<U{width}", [values.Count]);
        var buffer = new byte[width * 4];
        foreach (var value in values)
        {
            Array.Clear(buffer);
            var i = 0;
            foreach (var rune in value.EnumerateRunes())
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(4 * i++), rune.Value);
            stream.Write(buffer);
        }
    }

    private static void WriteHeader(Stream stream, string dtype, int[] shape)
    {
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var dict = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {shapeText}, }}";
        // The data starts on a 64-byte boundary, as numpy writes it; the header ends with a newline.
        var version = dict.Length + 1 + 10 > ushort.MaxValue ? 2 : 1;
        var prefix = version == 1 ? 10 : 12;
        var total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        var padded = dict.PadRight(total - prefix - 1) + "\n";
        stream.Write(Magic);
        stream.WriteByte((byte)version);
        stream.WriteByte(0);
        Span<byte> length = stackalloc byte[4];
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)padded.Length);
            stream.Write(length[..2]);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)padded.Length);
            stream.Write(length);
        }
        stream.Write(Encoding.Latin1.GetBytes(padded));
    }

    private static (char Kind, int Size, bool BigEndian) ParseDtype(string dtype, string where)
    {
        var match = DtypePattern().Match(dtype);
        if (!match.Success)
            throw new InvalidDataException($"{where}: numpy dtype '{dtype}' is not supported (float, int, uint, bool, U and S are)");
        var bigEndian = match.Groups[1].Value == ">";
        var kind = match.Groups[2].Value[0];
        var n = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        var size = kind == 'U' ? n * 4 : n;
        return (kind, size, bigEndian && size > 1);
    }

    private static float[] DecodeNumbers(byte[] payload, char kind, int size, long count, bool bigEndian, string dtype, string where)
    {
        var result = new float[count];
        var span = payload.AsSpan();
        for (long i = 0; i < count; i++)
        {
            var item = span.Slice((int)(i * size), size);
            if (bigEndian) item.Reverse();
            result[i] = (kind, size) switch
            {
                ('f', 2) => (float)BinaryPrimitives.ReadHalfLittleEndian(item),
                ('f', 4) => BinaryPrimitives.ReadSingleLittleEndian(item),
                ('f', 8) => (float)BinaryPrimitives.ReadDoubleLittleEndian(item),
                ('i', 1) => (sbyte)item[0],
                ('u', 1) or ('b', 1) => item[0],
                ('i', 2) => BinaryPrimitives.ReadInt16LittleEndian(item),
                ('u', 2) => BinaryPrimitives.ReadUInt16LittleEndian(item),
                ('i', 4) => BinaryPrimitives.ReadInt32LittleEndian(item),
                ('u', 4) => BinaryPrimitives.ReadUInt32LittleEndian(item),
                ('i', 8) => BinaryPrimitives.ReadInt64LittleEndian(item),
                ('u', 8) => BinaryPrimitives.ReadUInt64LittleEndian(item),
                _ => throw new InvalidDataException($"{where}: numpy dtype '{dtype}' is not supported"),
            };
        }
        return result;
    }

    private static string[] DecodeStrings(byte[] payload, char kind, int size, long count, bool bigEndian)
    {
        var result = new string[count];
        var builder = new StringBuilder();
        for (long i = 0; i < count; i++)
        {
            var item = payload.AsSpan((int)(i * size), size);
            if (kind == 'S')
            {
                var end = item.IndexOf((byte)0);
                result[i] = Encoding.UTF8.GetString(end < 0 ? item : item[..end]);
                continue;
            }
            builder.Clear();
            for (var c = 0; c < size; c += 4)
            {
                var code = bigEndian ? BinaryPrimitives.ReadInt32BigEndian(item[c..]) : BinaryPrimitives.ReadInt32LittleEndian(item[c..]);
                if (code == 0) break;
                builder.Append(char.ConvertFromUtf32(code));
            }
            result[i] = builder.ToString();
        }
        return result;
    }

    private static T[] Transpose<T>(T[] columnMajor, int rows, int columns)
    {
        var result = new T[columnMajor.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                result[r * columns + c] = columnMajor[c * rows + r];
        return result;
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string where, string what)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{where}: file ends inside {what}");
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();

    [GeneratedRegex(@"^([<>|=]?)([fiubUS])(\d+)$")]
    private static partial Regex DtypePattern();
}
