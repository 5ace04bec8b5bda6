using System.Globalization;
using Bci.Core.Streams;

namespace Bci.Lsl.Wire;

/// <summary>
/// The two test-pattern samples an outlet sends after the feed handshake and an inlet verifies bit-exactly
/// (liblsl sample::assign_test_pattern): timestamp 123456.789, offsets 4 then 2, alternating signs.
/// </summary>
internal static class TestPatterns
{
    public const double Timestamp = 123456.789;

    /// <summary>Protocol 1.10 bytes of the pattern sample with the given offset (4 for the first, 2 for the second).</summary>
    public static byte[] Encode(ChannelFormat format, int channels, int offset)
    {
        if (format == ChannelFormat.String)
        {
            var text = StringValues(channels);
            var buffer = new byte[SampleWriter.StringSampleSize(text)];
            SampleWriter.WriteString(buffer, Timestamp, text);
            return buffer;
        }
        var values = NumericValues(format, channels, offset);
        var bytes = new byte[SampleWriter.NumericSampleSize(channels, format)];
        SampleWriter.WriteNumeric<long>(bytes, Timestamp, values, format);
        return bytes;
    }

    /// <summary>Both patterns concatenated, as they follow the response header.</summary>
    public static byte[] Both(ChannelFormat format, int channels) => [.. Encode(format, channels, 4), .. Encode(format, channels, 2)];

    public static long[] NumericValues(ChannelFormat format, int channels, int offset)
    {
        var values = new long[channels];
        for (var k = 0; k < channels; k++)
        {
            long magnitude = format switch
            {
                ChannelFormat.Float32 => k + offset,
                ChannelFormat.Double64 => k + offset + 16777217L,
                ChannelFormat.Int32 => (k + offset + 65537L) % 2147483647L,
                ChannelFormat.Int16 => (k + offset + 257L) % 32767L,
                ChannelFormat.Int8 => (k + offset + 1L) % 127L,
                ChannelFormat.Int64 => k + offset + 2147483649L,
                _ => throw new InvalidOperationException(),
            };
            values[k] = k % 2 == 0 ? magnitude : -magnitude;
        }
        return values;
    }

    public static string[] StringValues(int channels) =>
        Enumerable.Range(0, channels).Select(k => ((k % 2 == 0 ? 1 : -1) * (k + 10)).ToString(CultureInfo.InvariantCulture)).ToArray();
}
