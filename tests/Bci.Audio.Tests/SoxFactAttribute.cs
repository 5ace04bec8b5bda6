using Bci.TestSupport;

namespace Bci.Audio.Tests;

/// <summary>A fact that runs Debian's sox as the independent reference: skipped when sox is absent, except under CI=true.</summary>
public sealed class SoxFactAttribute : FactAttribute
{
    public SoxFactAttribute()
    {
        if (!TestData.UnderCi && Sox.Path is null) Skip = "sox is not installed (eng/system-packages.sh installs it)";
    }
}
