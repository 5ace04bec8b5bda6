using System.Text.RegularExpressions;

namespace Bci.Hardware.Profiles;

/// <summary>How channel labels are compared: case-insensitive, ignoring the dots EDF files pad labels with and surrounding blanks.</summary>
public static partial class LabelMatching
{
    public static string Normalise(string label) => label.Trim().TrimEnd('.').Trim().ToUpperInvariant();

    /// <summary>True for labels that name no site (1, ch1, Chan 3, Channel_12, EEG 001): streams from apps without a channel map.</summary>
    public static bool IsGeneric(string label) => GenericLabel().IsMatch(label.Trim());

    [GeneratedRegex(@"^(ch|chan|channel|eeg|exg)?[ _-]?\d{1,4}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GenericLabel();
}
