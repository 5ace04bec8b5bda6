using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bci.Alignment.Encoders;

/// <summary>
/// How images are turned into an encoder's input tensor, declared in a JSON file beside the model
/// (model.onnx -> model.json): size, channel order, layout, scale, per-channel mean/std, resize mode, which
/// input/output names to use, and whether latents are L2-normalised.
/// value = ((pixel * scale) - mean[c]) / std[c].
/// </summary>
public sealed record EncoderPreprocessing
{
    [JsonPropertyName("space_id")] public string SpaceId { get; init; } = "";
    [JsonPropertyName("input")] public string? Input { get; init; }
    [JsonPropertyName("output")] public string? Output { get; init; }
    [JsonPropertyName("width")] public int Width { get; init; } = 224;
    [JsonPropertyName("height")] public int Height { get; init; } = 224;

    /// <summary>"nchw" (PyTorch exports) or "nhwc" (TensorFlow exports).</summary>
    [JsonPropertyName("layout")] public string Layout { get; init; } = "nchw";

    /// <summary>"rgb", "bgr" or "gray".</summary>
    [JsonPropertyName("channels")] public string Channels { get; init; } = "rgb";

    [JsonPropertyName("scale")] public float Scale { get; init; } = 1f / 255f;
    [JsonPropertyName("mean")] public float[] Mean { get; init; } = [0f, 0f, 0f];
    [JsonPropertyName("std")] public float[] Std { get; init; } = [1f, 1f, 1f];

    /// <summary>"stretch" (to width x height) or "center-crop" (shorter side to size, then the centre).</summary>
    [JsonPropertyName("resize")] public string Resize { get; init; } = "center-crop";

    /// <summary>"l2" to store unit-length latents, "none" to keep them as the model outputs them.</summary>
    [JsonPropertyName("normalise")] public string Normalise { get; init; } = "l2";

    [JsonPropertyName("batch")] public int Batch { get; init; } = 16;

    public int ChannelCount => Channels == "gray" ? 1 : 3;

    public static EncoderPreprocessing Load(string path)
    {
        EncoderPreprocessing? result;
        try
        {
            result = JsonSerializer.Deserialize<EncoderPreprocessing>(File.ReadAllText(path), new JsonSerializerOptions { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: preprocessing JSON is invalid at line {e.LineNumber + 1}: {e.Message}", e);
        }
        return (result ?? throw new InvalidDataException($"{path}: preprocessing JSON is empty")).Validated(path);
    }

    public EncoderPreprocessing Validated(string where)
    {
        var problems = new List<string>();
        if (Width <= 0 || Height <= 0) problems.Add($"width/height must be > 0 (got {Width} x {Height})");
        if (Layout is not ("nchw" or "nhwc")) problems.Add($"layout '{Layout}' must be nchw or nhwc");
        if (Channels is not ("rgb" or "bgr" or "gray")) problems.Add($"channels '{Channels}' must be rgb, bgr or gray");
        if (Resize is not ("stretch" or "center-crop")) problems.Add($"resize '{Resize}' must be stretch or center-crop");
        if (Normalise is not ("l2" or "none")) problems.Add($"normalise '{Normalise}' must be l2 or none");
        if (Mean.Length != ChannelCount || Std.Length != ChannelCount) problems.Add($"mean and std need {ChannelCount} values each for channels '{Channels}'");
        if (Std.Any(s => s == 0)) problems.Add("std values must not be 0");
        if (Batch <= 0) problems.Add("batch must be > 0");
        return problems.Count == 0 ? this : throw new InvalidDataException($"{where}: {string.Join("; ", problems)}");
    }
}
