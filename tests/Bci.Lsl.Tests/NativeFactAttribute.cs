using Bci.Lsl.Native;

namespace Bci.Lsl.Tests;

/// <summary>
/// A fact that needs native liblsl (BCI_LIBLSL or the library search path): skipped with the reason printed when
/// it cannot be loaded.
/// </summary>
public sealed class NativeFactAttribute : FactAttribute
{
    public NativeFactAttribute()
    {
        if (!NativeLiblsl.Available) Skip = NativeLiblsl.Reason;
    }
}
