using System.Buffers.Binary;
using System.Text;
using Bci.Core.Streams;

namespace Bci.Lsl.Wire;

/// <summary>
/// Protocol 1.00 feed encoder (Boost portable binary archive, little endian): every integer as a signed
/// size byte plus its significant bytes, floats as their bit pattern taken as an integer. Used for inlets that ask
/// for 1.00 (UseProtocolVersion = 100 or old peers); transcodes samples already serialised in 1.10.
/// </summary>
internal sealed class Archive100Writer(ChannelFormat format, int channels, bool started = false)
{
    private bool _first = !started;

    /// <summary>Archive header (magic, version 9) and the shortinfo as an archive string.</summary>
    public static void WriteHeader(Stream output, string shortInfo)
    {
        var bytes = Encoding.UTF8.GetBytes(shortInfo);
        output.Write([0x7f, 0x01, 0x09]);
        WriteUnsigned(output, (ulong)bytes.Length);
        output.Write(bytes);
    }

    /// <summary>Transcodes one 1.10 sample starting at <paramref name="sample"/>; returns the bytes it occupied there.</summary>
    public int Transcode(ReadOnlySpan<byte> sample, Stream output)
    {
        if (_first)
        {
            output.Write([0x00, 0x00]); // Boost class info before the first object
            _first = false;
        }
        var at = 0;
        var tag = sample[at++];
        WriteInteger(output, tag == SampleWriter.TagDeduced ? 1 : 2, 1);
        if (tag != SampleWriter.TagDeduced)
        {
            WriteUnsigned(output, BinaryPrimitives.ReadUInt64LittleEndian(sample[at..]));
            at += 8;
        }
        for (var c = 0; c < channels; c++)
        {
            switch (format)
            {
                case ChannelFormat.Float32:
                    WriteUnsigned(output, NormaliseNaN(BinaryPrimitives.ReadUInt32LittleEndian(sample[at..]))); at += 4; break;
                case ChannelFormat.Double64:
                    WriteUnsigned(output, NormaliseNaN(BinaryPrimitives.ReadUInt64LittleEndian(sample[at..]))); at += 8; break;
                case ChannelFormat.Int8:
                    WriteInteger(output, (sbyte)sample[at], 1); at += 1; break;
                case ChannelFormat.Int16:
                    WriteInteger(output, BinaryPrimitives.ReadInt16LittleEndian(sample[at..]), 2); at += 2; break;
                case ChannelFormat.Int32:
                    WriteInteger(output, BinaryPrimitives.ReadInt32LittleEndian(sample[at..]), 4); at += 4; break;
                case ChannelFormat.Int64:
                    WriteInteger(output, BinaryPrimitives.ReadInt64LittleEndian(sample[at..]), 8); at += 8; break;
                case ChannelFormat.String:
                    var width = sample[at++];
                    var length = width switch
                    {
                        1 => sample[at],
                        2 => BinaryPrimitives.ReadUInt16LittleEndian(sample[at..]),
                        4 => (long)BinaryPrimitives.ReadUInt32LittleEndian(sample[at..]),
                        _ => (long)BinaryPrimitives.ReadUInt64LittleEndian(sample[at..]),
                    };
                    at += width;
                    WriteUnsigned(output, (ulong)length);
                    output.Write(sample.Slice(at, (int)length));
                    at += (int)length;
                    break;
            }
        }
        return at;
    }

    /// <summary>
    /// Boost portable-archive integer: 0 as one zero byte, otherwise a signed count n of the low-order bytes
    /// that carry the value (negative n = negative value, sign-extended by the reader), then those bytes.
    /// One-byte types always use one byte.
    /// </summary>
    public static void WriteInteger(Stream output, long value, int typeSize)
    {
        if (value == 0)
        {
            output.WriteByte(0);
            return;
        }
        int size;
        if (typeSize == 1) size = 1;
        else
        {
            size = 0;
            var t = value;
            do { t >>= 8; size++; } while (t != 0 && t != -1);
        }
        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = (byte)(sbyte)(value < 0 ? -size : size);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[1..], value);
        output.Write(bytes[..(1 + size)]);
    }

    /// <summary>Unsigned integers (float bit patterns, lengths) never carry a negative size byte.</summary>
    public static void WriteUnsigned(Stream output, ulong value)
    {
        if (value == 0)
        {
            output.WriteByte(0);
            return;
        }
        var size = 0;
        var t = value;
        do { t >>= 8; size++; } while (t != 0);
        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = (byte)size;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[1..], value);
        output.Write(bytes[..(1 + size)]);
    }

    // Boost's portable archive writes every NaN as all-ones exponent and mantissa.
    private static ulong NormaliseNaN(ulong bits) =>
        double.IsNaN(BitConverter.UInt64BitsToDouble(bits)) ? 0x7fffffffffffffffUL | (bits & 0x8000000000000000UL) : bits;

    private static ulong NormaliseNaN(uint bits) =>
        float.IsNaN(BitConverter.UInt32BitsToSingle(bits)) ? 0x7fffffffu | (bits & 0x80000000u) : bits;
}
