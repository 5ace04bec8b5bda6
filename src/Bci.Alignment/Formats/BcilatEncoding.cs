namespace Bci.Alignment.Formats;

/// <summary>How a .bcilat file stores its vectors.</summary>
public enum BcilatEncoding
{
    /// <summary>Little-endian float32, exact.</summary>
    Float32,

    /// <summary>One float32 scale per item then signed bytes (value = byte * scale): 4x smaller, ~0.4% error.</summary>
    Int8,
}
