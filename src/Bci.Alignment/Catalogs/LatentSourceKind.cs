namespace Bci.Alignment.Catalogs;

/// <summary>What a catalog item's latent was computed from.</summary>
public enum LatentSourceKind
{
    /// <summary>Unknown or not recorded (e.g. a bare array read from a .npy file).</summary>
    None,

    /// <summary>An image file (path relative to the catalog, or absolute).</summary>
    Image,

    /// <summary>A named action or movement (e.g. "left-hand"), for motor-imagery readout.</summary>
    Action,

    /// <summary>A text prompt or label.</summary>
    Text,
}
