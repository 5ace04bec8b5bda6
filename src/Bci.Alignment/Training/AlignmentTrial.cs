namespace Bci.Alignment.Training;

/// <summary>
/// One stimulus-locked epoch for alignment training: the catalog item it shows (or the action cued), the group it
/// was recorded in (file, session or a validation set: validation never cuts through a group) and its samples,
/// channel-major C x T.
/// </summary>
public sealed record AlignmentTrial(string Item, string Group, float[] Data);
