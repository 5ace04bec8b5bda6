using System.Text.Json;

namespace Bci.Alignment.Tests;

/// <summary>Paths of the files golden/make_golden.py wrote (numpy, onnx) and the values it recorded.</summary>
internal static class Golden
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "golden", name);

    public static JsonElement Expected { get; } = JsonDocument.Parse(File.ReadAllText(Path("expected.json"))).RootElement;

    public static float[][] Rows(string key) =>
        Expected.GetProperty(key).EnumerateArray().Select(r => r.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray();

    public static string[] Strings(string key) => Expected.GetProperty(key).EnumerateArray().Select(v => v.GetString()!).ToArray();
}
