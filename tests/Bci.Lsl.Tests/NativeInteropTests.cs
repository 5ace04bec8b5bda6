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
    [MemberData(nameof(Check.NumericFormats), MemberType = typeof(Check))]
    public void ManagedOutlet_ToLiblslInlet_BitExact(ChannelFormat format) =>
        Check.NumericRoundTrip(Loopback.Managed, NativeLiblsl.Backend, format, "m2n");

    [NativeTheory]
    [MemberData(nameof(Check.NumericFormats), MemberType = typeof(Check))]
    public void LiblslOutlet_ToManagedInlet_BitExact(ChannelFormat format) =>
        Check.NumericRoundTrip(NativeLiblsl.Backend, Loopback.Managed, format, "n2m");

    [NativeFact]
    public void Strings_BothDirections()
    {
        Check.StringRoundTrip(Loopback.Managed, NativeLiblsl.Backend, "nstr");
        Check.StringRoundTrip(NativeLiblsl.Backend, Loopback.Managed, "nstr-back");
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
}
