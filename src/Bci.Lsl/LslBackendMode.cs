namespace Bci.Lsl;

/// <summary>Which LSL implementation a stage or command uses.</summary>
public enum LslBackendMode
{
    /// <summary>Native liblsl when it can be loaded, else the managed implementation.</summary>
    Auto,

    /// <summary>The managed, wire-compatible implementation in this assembly.</summary>
    Managed,

    /// <summary>liblsl through P/Invoke; fails with the reason when the library cannot be loaded.</summary>
    Native,
}
