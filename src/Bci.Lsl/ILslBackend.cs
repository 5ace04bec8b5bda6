using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Lsl;

/// <summary>One implementation of LSL: the managed one (always there) or native liblsl (where `lsl` loads).</summary>
public interface ILslBackend
{
    /// <summary>"managed" or "native (liblsl x.y)".</summary>
    string Name { get; }

    ILslOutlet CreateOutlet(LslStreamInfo info, LslOutletOptions? options = null);

    ILslInlet CreateInlet(LslStreamInfo info, LslInletOptions? options = null);

    ILslResolver CreateResolver(LslConfig? config = null);
}
