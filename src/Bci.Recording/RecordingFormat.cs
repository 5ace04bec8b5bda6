namespace Bci.Recording;

/// <summary>The file formats <see cref="RecordingReader"/> recognises.</summary>
public enum RecordingFormat
{
    Xdf,
    Edf,
    EdfPlus,
    Bdf,
    BdfPlus,
    Gdf1,
    Gdf2,
    EeglabSet,
}
