namespace Bci.Decoding.Model;

/// <summary>Preset encoder sizes: tiny for tests and CPU, large for a GPU.</summary>
public enum ModelSize
{
    Tiny,
    Small,
    Base,
    Large,
}
