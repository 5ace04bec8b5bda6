using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Lsl;

/// <summary>The managed implementation behind <see cref="ILslBackend"/>.</summary>
public sealed class ManagedLslBackend(LslConfig? config = null) : ILslBackend
{
    private readonly LslConfig _config = config ?? LslConfig.Load();

    public string Name => "managed";

    public ILslOutlet CreateOutlet(LslStreamInfo info, LslOutletOptions? options = null) =>
        new LslOutlet(info, (options ?? new LslOutletOptions()) with { Config = options?.Config ?? _config });

    public ILslInlet CreateInlet(LslStreamInfo info, LslInletOptions? options = null) =>
        new LslInlet(info, (options ?? new LslInletOptions()) with { Config = options?.Config ?? _config });

    public ILslResolver CreateResolver(LslConfig? config = null) => new LslResolver(config ?? _config);
}
