namespace Bci.Recording;

/// <summary>Whether a recorded stream is read as sample chunks or as marker events.</summary>
public enum RecordedStreamKind
{
    /// <summary>Numeric samples: read with <see cref="RecordedStream.ReadChunks"/>.</summary>
    Signal,

    /// <summary>Events (annotations, string markers): read with <see cref="RecordedStream.ReadMarkers"/>.</summary>
    Markers,
}
