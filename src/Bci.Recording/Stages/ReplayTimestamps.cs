namespace Bci.Recording.Stages;

/// <summary>Which timestamps replayed samples and markers carry.</summary>
public enum ReplayTimestamps
{
    /// <summary>Shifted onto the run's clock: the recording starts at the moment the replay starts, as a live stream would.</summary>
    Now,

    /// <summary>As stored in the file (after clock synchronization).</summary>
    Original,
}
