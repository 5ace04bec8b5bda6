namespace Bci.Core.Streams;

/// <summary>
/// One channel's metadata. <paramref name="Unit"/> names the unit of the values as they travel in the
/// pipeline (volts for EEG/MEG: sources convert microvolts at the edge); <paramref name="OriginalLabel"/>
/// keeps a label as the file or device spelled it when the label was normalised (e.g. "Fc5." -> "FC5").
/// </summary>
public sealed record ChannelInfo(string Label, string Type = "EEG", string Unit = "V", string? OriginalLabel = null)
{
    public override string ToString() => $"{Label} ({Type}, {Unit})";
}
