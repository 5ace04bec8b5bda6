namespace Bci.Lsl.Tests;

/// <summary>A theory that needs native liblsl; see <see cref="NativeFactAttribute"/>.</summary>
public sealed class NativeTheoryAttribute : TheoryAttribute
{
    public NativeTheoryAttribute()
    {
        if (!NativeLiblsl.Available) Skip = NativeLiblsl.Reason;
    }
}
