namespace Bci.Hardware.Profiles;

/// <summary>
/// The frame the channel positions are given in: "head" (3-D metres, x right, y front, z up) or "layout-2d" (a flat
/// sensor layout in arbitrary units, as MEG layouts are), and where the positions come from.
/// </summary>
public sealed record PositionFrame(string Frame, string Unit, string Source)
{
    public const string Head = "head";
    public const string Layout2D = "layout-2d";

    /// <summary>Number of coordinates a position has in this frame.</summary>
    public int Dimensions => Frame == Head ? 3 : 2;
}
