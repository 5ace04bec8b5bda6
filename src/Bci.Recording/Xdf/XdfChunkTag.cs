namespace Bci.Recording.Xdf;

/// <summary>XDF 1.0 chunk tags.</summary>
internal enum XdfChunkTag : ushort
{
    FileHeader = 1,
    StreamHeader = 2,
    Samples = 3,
    ClockOffset = 4,
    Boundary = 5,
    StreamFooter = 6,
}
