namespace Bci.Lsl;

/// <summary>Special values of LSL's API.</summary>
public static class LslConstants
{
    /// <summary>Nominal rate of an irregular stream.</summary>
    public const double IrregularRate = 0.0;

    /// <summary>Timestamp meaning "previous + 1/rate".</summary>
    public const double DeducedTimestamp = -1.0;

    /// <summary>liblsl's "wait forever" timeout (about a year).</summary>
    public const double Forever = 32000000.0;
}
