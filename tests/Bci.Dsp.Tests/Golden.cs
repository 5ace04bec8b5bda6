using System.Text.Json;

namespace Bci.Dsp.Tests;

/// <summary>
/// The scipy reference values written by golden/make_golden.py (versions recorded in the file). Loaded once.
/// </summary>
internal static class Golden
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "golden", "dsp_golden.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static double[] Input => Doubles(Root.GetProperty("input").GetProperty("x"));

    public static string ScipyVersion => Root.GetProperty("versions").GetProperty("scipy").GetString()!;

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static double[,] Rows(JsonElement array)
    {
        var rows = array.EnumerateArray().Select(Doubles).ToArray();
        var result = new double[rows.Length, rows[0].Length];
        for (var i = 0; i < rows.Length; i++)
            for (var j = 0; j < rows[i].Length; j++) result[i, j] = rows[i][j];
        return result;
    }

    /// <summary>Largest |a - b| over both arrays, which must have equal lengths.</summary>
    public static double MaxAbsDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0.0;
        for (var i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }
}
