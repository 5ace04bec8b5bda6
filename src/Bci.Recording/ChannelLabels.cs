using System.Text.RegularExpressions;

namespace Bci.Recording;

/// <summary>
/// Normalises electrode labels as files spell them to the 10-20/10-10 convention: padding dots dropped and
/// the case fixed (PhysioNet's "Fc5." -> "FC5", "Fpz." -> "Fpz", "Iz.." -> "Iz"). Labels that are not
/// electrode names are only trimmed. The original spelling is kept in <see cref="Bci.Core.Streams.ChannelInfo.OriginalLabel"/>.
/// </summary>
public static partial class ChannelLabels
{
    [GeneratedRegex("^(fp|af|ft|fc|tp|cp|po|f|t|c|p|o|i|a|m|n)(\\d{1,2}|z)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ElectrodePattern();

    /// <summary>True when <paramref name="label"/> (dots and case aside) is a 10-20/10-10 electrode name.</summary>
    public static bool IsElectrodeName(string label) => ElectrodePattern().IsMatch(label.Trim().TrimEnd('.').Trim());

    public static string Normalize(string label)
    {
        var trimmed = label.Trim().TrimEnd('.').Trim();
        if (trimmed.Length == 0) return label.Trim();
        var match = ElectrodePattern().Match(trimmed);
        if (!match.Success) return trimmed;
        var region = match.Groups[1].Value.ToUpperInvariant();
        if (region == "FP") region = "Fp";
        var position = match.Groups[2].Value.ToLowerInvariant();
        return region + position;
    }

    /// <summary>
    /// Normalised labels for a list, made unique: when two labels normalise to the same name (or a file repeats a
    /// label) the later ones get a suffix "-2", "-3", so every channel stays addressable.
    /// </summary>
    public static IReadOnlyList<string> NormalizeAll(IReadOnlyList<string> labels)
    {
        var result = new string[labels.Count];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < labels.Count; i++)
        {
            var name = Normalize(labels[i]);
            if (name.Length == 0) name = $"ch{i + 1}";
            var candidate = name;
            for (var k = 2; !seen.Add(candidate); k++) candidate = $"{name}-{k}";
            result[i] = candidate;
        }
        return result;
    }
}
