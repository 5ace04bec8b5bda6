namespace Bci.Recording;

/// <summary>
/// Converts the physical dimension a file writes ("uV", "µV", "mV", "V", "nV") to the model's volts: the factor to
/// multiply by and the unit that results. Other dimensions ("Boolean", "%", "degC", "") are kept as they are.
/// </summary>
internal static class PhysicalUnits
{
    public static (double Factor, string Unit) ToModel(string dimension)
    {
        var d = dimension.Trim();
        return d switch
        {
            "V" or "v" or "Volt" or "volts" => (1.0, "V"),
            "mV" or "mv" or "millivolts" => (1e-3, "V"),
            "uV" or "µV" or "μV" or "uv" or "microvolts" or "microvolt" => (1e-6, "V"),
            "nV" or "nv" => (1e-9, "V"),
            _ => (1.0, d),
        };
    }
}
