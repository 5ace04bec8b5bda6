using System.Text.RegularExpressions;

namespace Bci.Hardware.Profiles;

/// <summary>
/// How the vendor's acquisition app publishes the device on LSL: stream name (a '*' stands for text the app adds,
/// such as a serial number), stream type, the app, and notes a user needs when connecting.
/// </summary>
public sealed record LslConvention(string Name, string Type, string App = "", string Notes = "")
{
    /// <summary>Whether a live stream's name fits the vendor's naming (case-insensitive, '*' matching any text).</summary>
    public bool MatchesName(string streamName)
    {
        var pattern = "^" + string.Join(".*", Name.Split('*').Select(Regex.Escape)) + "$";
        return Regex.IsMatch(streamName, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>A concrete stream name for a simulated device: the pattern with '*' replaced by <paramref name="fill"/>.</summary>
    public string ConcreteName(string fill = "sim") => Name.Replace("*", fill, StringComparison.Ordinal);
}
