using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bci.Audio.Stimuli;

/// <summary>
/// How an audio encoder wants its input, declared in the JSON beside the model (model.onnx -> model.json), the
/// audio counterpart of the image encoders' preprocessing: the rate it was trained at, the window and hop of
/// the segments it embeds, how a short tail is treated, and how each window's level is normalised.
/// </summary>
public sealed record AudioFraming
{
    [JsonPropertyName("space_id")] public string SpaceId { get; init; } = "";
    [JsonPropertyName("input")] public string? Input { get; init; }
    [JsonPropertyName("output")] public string? Output { get; init; }

    /// <summary>Sample rate the encoder expects, in Hz; stimuli are resampled to it.</summary>
    [JsonPropertyName("sample_rate")] public int SampleRate { get; init; } = 16000;

    /// <summary>Length of one segment in seconds.</summary>
    [JsonPropertyName("window")] public double Window { get; init; } = 1.0;

    /// <summary>Step between segment starts in seconds (0: one segment per file, the whole file padded or cut to the window).</summary>
    [JsonPropertyName("hop")] public double Hop { get; init; } = 0.5;

    /// <summary>"pad": a last partial window is zero-padded; "drop": it is left out.</summary>
    [JsonPropertyName("tail")] public string Tail { get; init; } = "pad";

    /// <summary>"none", "peak" (each window scaled to peak 1) or "rms" (each window scaled to RMS 0.1).</summary>
    [JsonPropertyName("level")] public string Level { get; init; } = "none";

    [JsonPropertyName("batch")] public int Batch { get; init; } = 16;

    public int WindowSamples => (int)Math.Round(Window * SampleRate);

    public int HopSamples => (int)Math.Round(Hop * SampleRate);

    public static AudioFraming Load(string path)
    {
        AudioFraming? result;
        try
        {
            result = JsonSerializer.Deserialize<AudioFraming>(File.ReadAllText(path),
                new JsonSerializerOptions { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: audio framing JSON is invalid at line {e.LineNumber + 1}: {e.Message}", e);
        }
        return (result ?? throw new InvalidDataException($"{path}: audio framing JSON is empty")).Validated(path);
    }

    public AudioFraming Validated(string where)
    {
        var problems = new List<string>();
        if (SampleRate < 1000 || SampleRate > 384000) problems.Add($"sample_rate must be 1000..384000 Hz, not {SampleRate}");
        if (!(Window > 0) || WindowSamples < 1) problems.Add($"window must be positive seconds, not {Window}");
        if (Hop < 0) problems.Add($"hop cannot be negative ({Hop})");
        if (Tail is not ("pad" or "drop")) problems.Add($"tail '{Tail}' must be pad or drop");
        if (Level is not ("none" or "peak" or "rms")) problems.Add($"level '{Level}' must be none, peak or rms");
        if (Batch <= 0) problems.Add("batch must be > 0");
        return problems.Count == 0 ? this : throw new InvalidDataException($"{where}: {string.Join("; ", problems)}");
    }
}
