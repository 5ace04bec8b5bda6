using Bci.Core.Streams;
using Bci.Lsl.Info;

namespace Bci.Lsl.Tests;

/// <summary>Round-trip checks shared by the managed loopback tests and the liblsl interop tests (any outlet/inlet backend pair).</summary>
public static class Check
{
    /// <summary>Every numeric channel format, for theories.</summary>
    public static TheoryData<ChannelFormat> NumericFormats =>
        [ChannelFormat.Float32, ChannelFormat.Double64, ChannelFormat.Int8, ChannelFormat.Int16, ChannelFormat.Int32, ChannelFormat.Int64];

    /// <summary>200 samples of 5 channels with random bit patterns (NaN payloads included) and exact timestamps.</summary>
    public static void NumericRoundTrip(ILslBackend outletSide, ILslBackend inletSide, ChannelFormat format, string prefix)
    {
        const int count = 200, channels = 5;
        var name = Loopback.UniqueName(prefix);
        using var pair = StreamPair.Open(outletSide, inletSide, new LslStreamInfo(name, "Test", channels, 500, format, name));
        for (var i = 0; i < count; i++) RawSamples.Push(pair.Outlet, format, TestSignals.NumericBytes(format, channels, i), TestSignals.Timestamp(i));
        for (var i = 0; i < count; i++)
        {
            var (bytes, ts) = RawSamples.Pull(pair.Inlet, format, channels);
            Assert.Equal(TestSignals.Timestamp(i), ts);
            Assert.Equal(TestSignals.NumericBytes(format, channels, i), bytes);
        }
    }

    /// <summary>100 samples of 3 string channels (empty, longer than 255 bytes, UTF-8) with exact timestamps.</summary>
    public static void StringRoundTrip(ILslBackend outletSide, ILslBackend inletSide, string prefix)
    {
        const int count = 100, channels = 3;
        var name = Loopback.UniqueName(prefix);
        using var pair = StreamPair.Open(outletSide, inletSide, new LslStreamInfo(name, "Markers", channels, 0, ChannelFormat.String, name));
        for (var i = 0; i < count; i++) pair.Outlet.PushStrings(TestSignals.Strings(channels, i), TestSignals.Timestamp(i));
        var received = new string[channels];
        for (var i = 0; i < count; i++)
        {
            Assert.True(pair.Inlet.TryPullStrings(received, 5, out var ts), $"string sample {i} missing");
            Assert.Equal(TestSignals.Timestamp(i), ts);
            Assert.Equal(TestSignals.Strings(channels, i), received);
        }
    }
}
