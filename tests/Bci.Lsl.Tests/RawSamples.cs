using System.Numerics;
using System.Runtime.InteropServices;
using Bci.Core.Streams;

namespace Bci.Lsl.Tests;

/// <summary>Pushes and pulls samples as their raw little-endian value bytes, so any backend can be checked bit for bit.</summary>
public static class RawSamples
{
    public static void Push(ILslOutlet outlet, ChannelFormat format, byte[] bytes, double timestamp)
    {
        Action<ILslOutlet, byte[], double> push = format switch
        {
            ChannelFormat.Float32 => Push<float>,
            ChannelFormat.Double64 => Push<double>,
            ChannelFormat.Int8 => Push<sbyte>,
            ChannelFormat.Int16 => Push<short>,
            ChannelFormat.Int32 => Push<int>,
            ChannelFormat.Int64 => Push<long>,
            _ => throw new ArgumentException($"{format} is not numeric", nameof(format)),
        };
        push(outlet, bytes, timestamp);
    }

    /// <summary>The next sample (waiting up to 5 s) as value bytes with its timestamp.</summary>
    public static (byte[] Bytes, double Timestamp) Pull(ILslInlet inlet, ChannelFormat format, int channels) => format switch
    {
        ChannelFormat.Float32 => Pull<float>(inlet, channels),
        ChannelFormat.Double64 => Pull<double>(inlet, channels),
        ChannelFormat.Int8 => Pull<sbyte>(inlet, channels),
        ChannelFormat.Int16 => Pull<short>(inlet, channels),
        ChannelFormat.Int32 => Pull<int>(inlet, channels),
        ChannelFormat.Int64 => Pull<long>(inlet, channels),
        _ => throw new ArgumentException($"{format} is not numeric", nameof(format)),
    };

    private static void Push<T>(ILslOutlet outlet, byte[] bytes, double timestamp) where T : unmanaged, INumberBase<T> =>
        outlet.PushSample<T>(MemoryMarshal.Cast<byte, T>(bytes), timestamp);

    private static (byte[], double) Pull<T>(ILslInlet inlet, int channels) where T : unmanaged, INumberBase<T>
    {
        var values = new T[channels];
        Assert.True(inlet.TryPullSample<T>(values, 5, out var timestamp), $"no sample within 5 s from '{inlet.Info.Name}'");
        return (MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), timestamp);
    }
}
