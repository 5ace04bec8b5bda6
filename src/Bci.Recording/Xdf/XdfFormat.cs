namespace Bci.Recording.Xdf;

/// <summary>Constants of the XDF 1.0 container.</summary>
internal static class XdfFormat
{
    public static ReadOnlySpan<byte> Magic => "XDF:"u8;

    /// <summary>The 16 bytes of every Boundary chunk: readers that lost their place scan forward for them.</summary>
    public static ReadOnlySpan<byte> BoundaryUuid =>
        [0x43, 0xA5, 0x46, 0xDC, 0xCB, 0xF5, 0x41, 0x0F, 0xB3, 0x0E, 0xD5, 0x46, 0x73, 0x83, 0xCB, 0xE4];

    /// <summary>XML chunks (headers, footers) larger than this are not read: no real header comes close.</summary>
    public const int MaxXmlBytes = 16 << 20;
}
