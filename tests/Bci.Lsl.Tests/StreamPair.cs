using Bci.Lsl.Info;

namespace Bci.Lsl.Tests;

/// <summary>
/// An outlet of one backend and an inlet of another (or the same) on loopback: created, resolved through the
/// inlet's backend, connected, and the outlet has seen its consumer. Disposing closes both.
/// </summary>
public sealed class StreamPair : IDisposable
{
    private StreamPair(ILslOutlet outlet, ILslInlet inlet)
    {
        Outlet = outlet;
        Inlet = inlet;
    }

    public ILslOutlet Outlet { get; }

    public ILslInlet Inlet { get; }

    public static StreamPair Open(ILslBackend outletSide, ILslBackend inletSide, LslStreamInfo info)
    {
        var outlet = outletSide.CreateOutlet(info, new LslOutletOptions { Config = Loopback.Config });
        try
        {
            var found = inletSide.CreateResolver(Loopback.Config).Resolve(LslQuery.Property("name", info.Name), 1, 5);
            Assert.True(found.Count == 1, $"{inletSide.Name} resolver found {found.Count} streams named '{info.Name}' on loopback");
            var inlet = inletSide.CreateInlet(found[0], new LslInletOptions { Config = Loopback.Config });
            try
            {
                inlet.Open(5);
                Assert.True(outlet.WaitForConsumers(5), $"the {outletSide.Name} outlet of '{info.Name}' saw no consumer");
                return new StreamPair(outlet, inlet);
            }
            catch
            {
                inlet.Dispose();
                throw;
            }
        }
        catch
        {
            outlet.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Inlet.Dispose();
        Outlet.Dispose();
    }
}
