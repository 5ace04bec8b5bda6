using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;
using Bci.Recording.Records;

namespace Bci.Recording.Tests;

/// <summary>
/// The vector conversions against the scalar loops and against an independent formula: every length from 0 to
/// 70 samples (vector bodies plus every tail), odd byte counts, negative values, the digital extremes.
/// </summary>
public sealed class SampleConversionTests
{
    private static readonly (double Gain, double Offset)[] Scalings =
    [
        (1, 0),
        (0.1, -3.5),
        (200.0 / 65535 * 1e-6, 1.5e-9), // EDF's (pmax - pmin) / (dmax - dmin), in volts
        (-2.5e-7, 4e-3),                // inverted polarity
        (1e300, -1e-300),
    ];

    [Fact]
    public void VectorPathsRun_OnAvx2Hardware()
    {
        // The comparisons below compare scalar with scalar where vectors are not accelerated; on x86 with AVX2
        // (this project's machines) they must compare the vector paths.
        if (Avx2.IsSupported) Assert.True(SampleConversion.VectorPaths);
    }

    [Fact]
    public void Int16_VectorEqualsScalarAndFormula_ForEveryLengthAndTail()
    {
        var random = new Random(16);
        for (var samples = 0; samples <= 70; samples++)
            foreach (var extraByte in new[] { 0, 1 })
            {
                var bytes = new byte[2 * samples + extraByte];
                random.NextBytes(bytes);
                if (samples >= 4)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(0), short.MinValue);
                    BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2), short.MaxValue);
                    BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(4), -1);
                    BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * samples - 2), short.MinValue);
                }
                foreach (var (gain, offset) in Scalings)
                {
                    var expected = new double[samples];
                    for (var i = 0; i < samples; i++) expected[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i)) * gain + offset;
                    AssertSame(expected, bytes, gain, offset, SampleConversion.Int16, SampleConversion.Int16Scalar, SampleConversion.Int16, SampleConversion.Int16Scalar);
                }
            }
    }

    [Fact]
    public void Int24_VectorEqualsScalarAndFormula_ForEveryLengthAndTail()
    {
        var random = new Random(24);
        for (var samples = 0; samples <= 70; samples++)
            foreach (var extraBytes in new[] { 0, 1, 2 })
            {
                var bytes = new byte[3 * samples + extraBytes];
                random.NextBytes(bytes);
                if (samples >= 4)
                {
                    WriteInt24(bytes, 0, -8388608);
                    WriteInt24(bytes, 1, 8388607);
                    WriteInt24(bytes, 2, -1);
                    WriteInt24(bytes, samples - 1, -8388608);
                }
                foreach (var (gain, offset) in Scalings)
                {
                    var expected = new double[samples];
                    for (var i = 0; i < samples; i++) expected[i] = ReadInt24(bytes, i) * gain + offset;
                    AssertSame(expected, bytes, gain, offset, SampleConversion.Int24, SampleConversion.Int24Scalar, SampleConversion.Int24, SampleConversion.Int24Scalar);
                }
            }
    }

    [Fact]
    public void Float32_VectorEqualsScalar_IncludingNaNInfinitiesAndSubnormals()
    {
        var random = new Random(32);
        for (var samples = 0; samples <= 40; samples++)
            foreach (var extraBytes in new[] { 0, 3 })
            {
                var values = new float[samples];
                for (var i = 0; i < samples; i++) values[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30)));
                float[] specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -0f, float.MaxValue, float.MinValue];
                for (var i = 0; i < Math.Min(samples, specials.Length); i++) values[samples - 1 - i] = specials[i];
                var bytes = new byte[4 * samples + extraBytes];
                for (var i = 0; i < samples; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
                var vector = new double[samples + 1];
                var scalar = new double[samples];
                vector[samples] = 42;
                SampleConversion.Float32(bytes, vector);
                SampleConversion.Float32Scalar(bytes, scalar);
                for (var i = 0; i < samples; i++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(values[i]), BitConverter.DoubleToInt64Bits(vector[i]));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(values[i]), BitConverter.DoubleToInt64Bits(scalar[i]));
                }
                Assert.Equal(42, vector[samples]);
            }
    }

    [Fact]
    public void Transpose_BlocksAndEdgesEqualTheScalarTranspose_ForEveryShapeUpTo9x9()
    {
        var random = new Random(44);
        for (var channels = 1; channels <= 9; channels++)
            for (var samples = 1; samples <= 9; samples++)
            {
                var source = new double[channels * samples];
                for (var i = 0; i < source.Length; i++) source[i] = random.NextDouble() - 0.5;
                var vector = new double[source.Length + 1];
                var scalar = new double[source.Length];
                vector[^1] = 42;
                RecordDecoder.Transpose(source, channels, samples, vector);
                RecordDecoder.TransposeScalar(source, channels, samples, scalar);
                Assert.Equal(scalar, vector[..^1]);
                Assert.Equal(42, vector[^1]);
                for (var c = 0; c < channels; c++)
                    for (var s = 0; s < samples; s++) Assert.Equal(source[c * samples + s], scalar[s * channels + c]);
            }
    }

    [Fact]
    public void DestinationShorterThanTheSource_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => SampleConversion.Int16<double>(new byte[40], new double[19], 1, 0));
        Assert.Throws<ArgumentException>(() => SampleConversion.Int24<float>(new byte[60], new float[19], 1, 0));
    }

    private delegate void Convert<T>(ReadOnlySpan<byte> source, Span<T> destination, double gain, double offset);

    private static void AssertSame(double[] expected, byte[] bytes, double gain, double offset,
        Convert<double> vector, Convert<double> scalar, Convert<float> vectorSingle, Convert<float> scalarSingle)
    {
        var n = expected.Length;
        // One spare element each: nothing may be written past the samples.
        var v = new double[n + 1];
        var s = new double[n + 1];
        v[n] = s[n] = 42;
        vector(bytes, v, gain, offset);
        scalar(bytes, s, gain, offset);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(v[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(s[i]));
        }
        Assert.Equal(42, v[n]);

        var vf = new float[n + 1];
        var sf = new float[n + 1];
        vf[n] = 42;
        vectorSingle(bytes, vf, gain, offset);
        scalarSingle(bytes, sf, gain, offset);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits((float)expected[i]), BitConverter.SingleToInt32Bits(vf[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits((float)expected[i]), BitConverter.SingleToInt32Bits(sf[i]));
        }
        Assert.Equal(42, vf[n]);
    }

    private static void WriteInt24(byte[] bytes, int sample, int value)
    {
        bytes[3 * sample] = (byte)value;
        bytes[3 * sample + 1] = (byte)(value >> 8);
        bytes[3 * sample + 2] = (byte)(value >> 16);
    }

    private static int ReadInt24(byte[] bytes, int sample) =>
        (bytes[3 * sample] | bytes[3 * sample + 1] << 8 | bytes[3 * sample + 2] << 16) << 8 >> 8;
}
