using System.Globalization;
using System.Text.RegularExpressions;

namespace Bci.Core.Options;

/// <summary>
/// Reads quantities written with units in pipeline files ("8 Hz", "500 ms", "2 s", "50 uV") into the base
/// unit an option declares (Hz, s, V, samples, dB, %). A bare number is taken in the base unit.
/// </summary>
public static partial class Units
{
    private static readonly Dictionary<string, (string Base, double Factor)> Known = new(StringComparer.Ordinal)
    {
        ["Hz"] = ("Hz", 1), ["kHz"] = ("Hz", 1e3), ["mHz"] = ("Hz", 1e-3), ["MHz"] = ("Hz", 1e6),
        ["s"] = ("s", 1), ["ms"] = ("s", 1e-3), ["us"] = ("s", 1e-6), ["µs"] = ("s", 1e-6), ["min"] = ("s", 60), ["h"] = ("s", 3600),
        ["V"] = ("V", 1), ["mV"] = ("V", 1e-3), ["uV"] = ("V", 1e-6), ["µV"] = ("V", 1e-6), ["nV"] = ("V", 1e-9),
        ["T"] = ("T", 1), ["fT"] = ("T", 1e-15), ["pT"] = ("T", 1e-12),
        ["samples"] = ("samples", 1), ["sample"] = ("samples", 1),
        ["dB"] = ("dB", 1), ["dBFS"] = ("dBFS", 1),
        ["%"] = ("%", 1),
        ["x"] = ("x", 1),
    };

    [GeneratedRegex(@"^\s*(?<num>[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)\s*(?<unit>[A-Za-zµ%]+)?\s*$")]
    private static partial Regex QuantityPattern();

    /// <summary>Names of every unit accepted for <paramref name="baseUnit"/>, for help texts.</summary>
    public static IEnumerable<string> AcceptedFor(string baseUnit) =>
        Known.Where(k => k.Value.Base == baseUnit).Select(k => k.Key);

    public static bool IsKnownBase(string unit) => Known.Values.Any(v => v.Base == unit);

    /// <summary>
    /// Parses <paramref name="text"/> as a quantity in <paramref name="baseUnit"/>; on failure returns false and
    /// says why in <paramref name="error"/>.
    /// </summary>
    public static bool TryParse(string text, string? baseUnit, out double value, out string error)
    {
        value = double.NaN;
        error = "";
        var match = QuantityPattern().Match(text ?? "");
        if (!match.Success)
        {
            error = baseUnit is null ? $"'{text}' is not a number" : $"'{text}' is not a quantity in {baseUnit} (write e.g. '{Example(baseUnit)}')";
            return false;
        }
        var number = double.Parse(match.Groups["num"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var unitGroup = match.Groups["unit"];
        if (!unitGroup.Success)
        {
            value = number;
            return true;
        }
        var unit = unitGroup.Value;
        if (baseUnit is null)
        {
            error = $"'{text}' has a unit, but this option takes a plain number";
            return false;
        }
        if (!Known.TryGetValue(unit, out var known) || known.Base != baseUnit)
        {
            error = $"'{text}': unit '{unit}' is not a unit of {baseUnit} (accepted: {string.Join(", ", AcceptedFor(baseUnit))})";
            return false;
        }
        value = number * known.Factor;
        return true;
    }

    public static double Parse(string text, string? baseUnit) =>
        TryParse(text, baseUnit, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Formats a value of the base unit for help output ("8 Hz", "0.5 s").</summary>
    public static string Format(double value, string? baseUnit)
    {
        if (baseUnit is null or "" or "x") return value.ToString("0.######", CultureInfo.InvariantCulture);
        // Small volts and seconds read better with a prefix: 2e-05 V -> "20 uV", 0.5 s -> "500 ms".
        var prefixed = baseUnit switch
        {
            "V" => new[] { (1.0, "V"), (1e-3, "mV"), (1e-6, "uV"), (1e-9, "nV") },
            "s" => new[] { (1.0, "s"), (1e-3, "ms"), (1e-6, "us") },
            "T" => new[] { (1.0, "T"), (1e-12, "pT"), (1e-15, "fT") },
            _ => new[] { (1.0, baseUnit) },
        };
        foreach (var (factor, unit) in prefixed)
        {
            if (value == 0 || Math.Abs(value) >= factor * 0.999 || factor == prefixed[^1].Item1)
                return $"{(value / factor).ToString("0.######", CultureInfo.InvariantCulture)} {unit}";
        }
        return $"{value.ToString("0.######", CultureInfo.InvariantCulture)} {baseUnit}";
    }

    private static string Example(string baseUnit) => baseUnit switch
    {
        "Hz" => "8 Hz",
        "s" => "500 ms",
        "V" => "100 uV",
        _ => $"1 {baseUnit}",
    };
}
