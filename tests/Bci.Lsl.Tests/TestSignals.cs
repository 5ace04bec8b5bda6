using System.Text;
using Bci.Core.Streams;

namespace Bci.Lsl.Tests;

/// <summary>
/// Deterministic sample values that both processes of a cross-process test compute independently: random bit
/// patterns per format (NaN payloads and extremes included), strings of every length class (over 255 bytes too).
/// </summary>
public static class TestSignals
{
    // Low mantissa bits vary too, so a timestamp that lost precision anywhere would not compare equal.
    public static double Timestamp(long index) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1000.0 + index * 0.001) ^ (index & 0xff));

    public static byte[] NumericBytes(ChannelFormat format, int channels, long index)
    {
        var bytes = new byte[channels * format.ValueSize()];
        new Random(unchecked((int)(index * 7919 + (int)format))).NextBytes(bytes);
        return bytes;
    }

    public static string[] Strings(int channels, long index)
    {
        var random = new Random(unchecked((int)(index * 104729)));
        var values = new string[channels];
        for (var c = 0; c < channels; c++)
        {
            var length = random.Next(4) switch { 0 => 0, 1 => random.Next(1, 20), 2 => random.Next(250, 600), _ => random.Next(1, 5) };
            var text = new StringBuilder();
            for (var i = 0; i < length; i++) text.Append(i % 17 == 5 ? 'é' : (char)random.Next('a', 'z' + 1));
            if (random.Next(5) == 0) text.Append(" ∑ marker");
            values[c] = text.ToString();
        }
        return values;
    }
}
