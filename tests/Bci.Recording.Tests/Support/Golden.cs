using System.Text.Json;

namespace Bci.Recording.Tests.Support;

/// <summary>Reference values written by golden/make_golden.py (MNE, pyxdf), copied beside the test assembly.</summary>
internal static class Golden
{
    private static readonly Lazy<JsonDocument> Mne = new(() => Load("mne.json"));
    private static readonly Lazy<JsonDocument> Pyxdf = new(() => Load("pyxdf.json"));

    public static JsonElement MneFile(string relativePath) => Mne.Value.RootElement.GetProperty("files").GetProperty(relativePath);

    public static JsonElement PyxdfFile(string relativePath) => Pyxdf.Value.RootElement.GetProperty("files").GetProperty(relativePath);

    private static JsonDocument Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "golden", name)));
}
