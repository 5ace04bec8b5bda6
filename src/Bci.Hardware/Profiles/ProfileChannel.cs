namespace Bci.Hardware.Profiles;

/// <summary>
/// One channel of a device profile: its label (10-05 spelling for EEG), the label the device or file uses when it
/// differs, its type (EEG, MAG, GRAD, AUX, ...), the unit the vendor app publishes, and its position in the
/// profile's frame (null for channels without one, e.g. auxiliary inputs).
/// </summary>
public sealed record ProfileChannel(string Label, string Type, string Unit, IReadOnlyList<double>? Position = null, string? OriginalLabel = null)
{
    /// <summary>True for the channels that carry brain signals (EEG, ECoG, MEG magnetometers and gradiometers).</summary>
    public bool IsNeural => Type is "EEG" or "MAG" or "GRAD";

    /// <summary>The SI unit of this channel's values inside a pipeline.</summary>
    public string SiUnit => Type switch
    {
        "MAG" => "T",
        "GRAD" => "T/m",
        "TRIG" or "MISC" => "",
        _ => "V",
    };

    public override string ToString() => OriginalLabel is null ? $"{Label} ({Type})" : $"{Label} ({Type}, device label {OriginalLabel})";
}
