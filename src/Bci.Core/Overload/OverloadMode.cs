namespace Bci.Core.Overload;

public enum OverloadMode
{
    /// <summary>No hand-off: the stage runs on its producer's thread (fast, pure transforms).</summary>
    Inline,

    /// <summary>Bounded queue that drops the oldest item when full and counts the drop (decoders: fresh beats complete).</summary>
    LatestWins,

    /// <summary>Bounded queue whose producer waits when full: nothing is ever dropped (recorders).</summary>
    Block,
}
