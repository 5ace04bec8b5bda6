using Bci.Audio.Output;
using Bci.TestSupport;

namespace Bci.Audio.Tests;

/// <summary>
/// A fact that needs libasound.so.2 (Debian's libasound2, installed by eng/system-packages.sh): skipped with the
/// reason when it is absent, except under CI=true. With needsNoSoundCard it also needs a machine
/// without a sound card (CI, servers), where the no-device paths can be exercised for real.
/// </summary>
public sealed class AlsaFactAttribute : FactAttribute
{
    public AlsaFactAttribute(bool needsNoSoundCard = false)
    {
        var cards = AlsaDevices.CardCount();
        if (cards < 0 && !TestData.UnderCi) Skip = "libasound.so.2 is not installed (eng/system-packages.sh installs libasound2)";
        else if (needsNoSoundCard && cards > 0) Skip = $"this machine has {cards} sound card(s); the no-card path needs a machine without one";
    }

    public bool NeedsNoSoundCard { get; init; }
}
