using Bci.Core.Streams;
using Bci.Lsl.Info;

namespace Bci.Lsl.Tests;

/// <summary>
/// Our managed implementation against real liblsl (through the native backend) on loopback, both directions.
/// Skipped, with the reason, where liblsl cannot be loaded (set BCI_LIBLSL to its file).
/// </summary>
public sealed class NativeInteropTests
{
    [NativeTheory]
    [InlineData(ChannelFormat.Float32)]
    [InlineData(ChannelFormat.Double64)]
    [InlineData(ChannelFormat.Int8)]
    [InlineData(ChannelFormat.Int16)]
    [InlineData(ChannelFormat.Int32)]
    [InlineData(ChannelFormat.Int64)]
    public void ManagedOutlet_ToLiblslInlet_BitExact(ChannelFormat format)
    {
        var name = Loopback.UniqueName("m2n");
        using var outlet = new LslOutlet(new LslStreamInfo(name, "Test", 3, 1000, format, name), new LslOutletOptions { Config = Loopback.Config });
        var found = NativeLiblsl.Backend.CreateResolver().Resolve(LslQuery.Property("name", name), 1, 5);
        Assert.Single(found);
        using var inlet = NativeLiblsl.Backend.CreateInlet(found[0]);
        inlet.Open(5);
        Assert.True(outlet.WaitForConsumers(5));
        for (var i = 0; i < 100; i++) LoopbackTests.PushRaw(outlet, format, TestSignals.NumericBytes(format, 3, i), TestSignals.Timestamp(i));
        for (var i = 0; i < 100; i++)
        {
            var (bytes, ts) = LoopbackTests.PullRaw(inlet, format, 3);
            Assert.Equal(TestSignals.Timestamp(i), ts);
            Assert.Equal(TestSignals.NumericBytes(format, 3, i), bytes);
        }
    }

    [NativeTheory]
    [InlineData(ChannelFormat.Float32)]
    [InlineData(ChannelFormat.Double64)]
    [InlineData(ChannelFormat.Int8)]
    [InlineData(ChannelFormat.Int16)]
    [InlineData(ChannelFormat.Int32)]
    [InlineData(ChannelFormat.Int64)]
    public void LiblslOutlet_ToManagedInlet_BitExact(ChannelFormat format)
    {
        var name = Loopback.UniqueName("n2m");
        using var outlet = NativeLiblsl.Backend.CreateOutlet(new LslStreamInfo(name, "Test", 3, 1000, format, name));
        using var inlet = new LslInlet(Loopback.ResolveOne(name), new LslInletOptions { Config = Loopback.Config });
        inlet.Open(5);
        Assert.True(outlet.WaitForConsumers(5));
        for (var i = 0; i < 100; i++) PushNative(outlet, format, TestSignals.NumericBytes(format, 3, i), TestSignals.Timestamp(i));
        for (var i = 0; i < 100; i++)
        {
            var (bytes, ts) = LoopbackTests.PullRaw(inlet, format, 3);
            Assert.Equal(TestSignals.Timestamp(i), ts);
            Assert.Equal(TestSignals.NumericBytes(format, 3, i), bytes);
        }
    }

    [NativeFact]
    public void Strings_BothDirections()
    {
        var name = Loopback.UniqueName("nstr");
        using (var outlet = new LslOutlet(new LslStreamInfo(name, "Markers", 2, 0, ChannelFormat.String, name), new LslOutletOptions { Config = Loopback.Config }))
        {
            using var inlet = NativeLiblsl.Backend.CreateInlet(NativeLiblsl.Backend.CreateResolver().Resolve(LslQuery.Property("name", name), 1, 5).Single());
            inlet.Open(5);
            Assert.True(outlet.WaitForConsumers(5));
            for (var i = 0; i < 50; i++) outlet.PushStrings(TestSignals.Strings(2, i), TestSignals.Timestamp(i));
            var values = new string[2];
            for (var i = 0; i < 50; i++)
            {
                Assert.True(inlet.TryPullStrings(values, 5, out var ts));
                Assert.Equal(TestSignals.Timestamp(i), ts);
                Assert.Equal(TestSignals.Strings(2, i), values);
            }
        }
        var back = name + "-back";
        using var nativeOutlet = NativeLiblsl.Backend.CreateOutlet(new LslStreamInfo(back, "Markers", 2, 0, ChannelFormat.String, back));
        using var managedInlet = new LslInlet(Loopback.ResolveOne(back), new LslInletOptions { Config = Loopback.Config });
        managedInlet.Open(5);
        Assert.True(nativeOutlet.WaitForConsumers(5));
        for (var i = 0; i < 50; i++) nativeOutlet.PushStrings(TestSignals.Strings(2, i), TestSignals.Timestamp(i));
        var got = new string[2];
        for (var i = 0; i < 50; i++)
        {
            Assert.True(managedInlet.TryPullStrings(got, 5, out var ts));
            Assert.Equal(TestSignals.Timestamp(i), ts);
            Assert.Equal(TestSignals.Strings(2, i), got);
        }
    }

    [NativeFact]
    public void LiblslResolver_FindsEveryManagedOutlet_AndFullInfoWithDesc()
    {
        var prefix = Loopback.UniqueName("nres");
        var outlets = Enumerable.Range(0, 3).Select(i => new LslOutlet(
            LslStreamInfo.FromDescription(new StreamDescription($"{prefix}-{i}", "EEG", [new ChannelInfo("C3"), new ChannelInfo("C4")], 250, sourceId: $"{prefix}-{i}")),
            new LslOutletOptions { Config = Loopback.Config })).ToList();
        try
        {
            var found = NativeLiblsl.Backend.CreateResolver().Resolve($"starts-with(name,'{prefix}')", 0, 2.0);
            Assert.Equal(outlets.Select(o => o.Info.Uid).Order(), found.Select(f => f.Uid).Order());
            using var inlet = NativeLiblsl.Backend.CreateInlet(found[0]);
            var full = inlet.GetFullInfo(5);
            Assert.Equal(["C3", "C4"], full.ToDescription().Channels.Select(c => c.Label));
        }
        finally
        {
            foreach (var o in outlets) o.Dispose();
        }
    }

    [NativeFact]
    public void LiblslTimeCorrection_AgainstManagedOutlet_IsNearZeroOnOneHost()
    {
        var name = Loopback.UniqueName("ntime");
        using var outlet = new LslOutlet(new LslStreamInfo(name, "EEG", 1, 100, ChannelFormat.Float32, name), new LslOutletOptions { Config = Loopback.Config });
        using var inlet = NativeLiblsl.Backend.CreateInlet(NativeLiblsl.Backend.CreateResolver().Resolve(LslQuery.Property("name", name), 1, 5).Single());
        Assert.InRange(inlet.TimeCorrection(5), -0.001, 0.001);
        using var native = NativeLiblsl.Backend.CreateOutlet(new LslStreamInfo(name + "-n", "EEG", 1, 100, ChannelFormat.Float32, name + "-n"));
        using var managed = new LslInlet(Loopback.ResolveOne(name + "-n"), new LslInletOptions { Config = Loopback.Config });
        Assert.InRange(managed.TimeCorrection(5), -0.001, 0.001);
    }

    private static void PushNative(ILslOutlet outlet, ChannelFormat format, byte[] bytes, double ts)
    {
        switch (format)
        {
            case ChannelFormat.Float32: outlet.PushSample<float>(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes), ts); break;
            case ChannelFormat.Double64: outlet.PushSample<double>(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes), ts); break;
            case ChannelFormat.Int8: outlet.PushSample<sbyte>(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(bytes), ts); break;
            case ChannelFormat.Int16: outlet.PushSample<short>(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(bytes), ts); break;
            case ChannelFormat.Int32: outlet.PushSample<int>(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes), ts); break;
            case ChannelFormat.Int64: outlet.PushSample<long>(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(bytes), ts); break;
        }
    }
}
