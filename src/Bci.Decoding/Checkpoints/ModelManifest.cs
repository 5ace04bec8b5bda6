using System.Text.Json;
using System.Text.Json.Serialization;
using Bci.Core.Streams;
using Bci.Decoding.Model;
using Bci.Decoding.Objectives;

namespace Bci.Decoding.Checkpoints;

/// <summary>
/// The JSON that travels with a checkpoint's weights (manifest.json): what the model expects (channel labels in
/// order, rate, window length, preprocessing), what it outputs (classes, latent space of its embeddings), how it
/// was trained and how well it did, and the versions that made it. <see cref="Validate"/> checks a live stream
/// against it before any window is decoded.
/// </summary>
public sealed record ModelManifest
{
    public const string CurrentFormat = "bci-decoder/1";
    public const string TransformerKind = "contrastive-transformer";
    public const string CspLdaKind = "csp-lda";

    public string Format { get; init; } = CurrentFormat;
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Channel labels in the order the model reads them.</summary>
    public required IReadOnlyList<string> Channels { get; init; }

    public required double Rate { get; init; }

    /// <summary>Samples per window.</summary>
    public required int Samples { get; init; }

    /// <summary>Start of the epoch relative to its event, in seconds (informational; the pipeline's dsp.epoch cuts it).</summary>
    public double? EpochStart { get; init; }

    public IReadOnlyList<PreprocessingStep> Preprocessing { get; init; } = [];

    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Identifies the space the embeddings live in (class prototypes of a seed, or a world model's latents).</summary>
    public string LatentSpace { get; init; } = "";

    public float InputScale { get; init; } = 1f;

    /// <summary>
    /// Samples between the crops a window is decoded from, when the encoder reads crops shorter than
    /// <see cref="Samples"/> (its <c>samples</c>); null or 0 = it reads whole windows.
    /// </summary>
    public int? CropStep { get; init; }
    public EncoderConfig? Encoder { get; init; }
    public ObjectiveWeights? Objective { get; init; }
    public long ParameterCount { get; init; }
    public IReadOnlyDictionary<string, object> Training { get; init; } = new Dictionary<string, object>();
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    public IReadOnlyDictionary<string, string> Versions { get; init; } = DefaultVersions();

    public static Dictionary<string, string> DefaultVersions() => new(StringComparer.Ordinal)
    {
        ["bci"] = typeof(ModelManifest).Assembly.GetName().Version?.ToString() ?? "?",
        ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?",
        ["dotnet"] = Environment.Version.ToString(),
    };

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ModelManifest FromJson(string json, string where)
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where}: not a valid manifest ({e.Message})", e);
        }
        if (manifest is null) throw new InvalidDataException($"{where}: empty manifest");
        if (manifest.Format != CurrentFormat)
            throw new InvalidDataException($"{where}: manifest format '{manifest.Format}' is not '{CurrentFormat}'");
        return manifest;
    }

    public void Save(string path) => File.WriteAllText(path, ToJson());

    public static ModelManifest Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint manifest not found: {path}", path);
        return FromJson(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Checks a stream against the manifest and returns, for each model channel in order, its index in the stream
    /// (streams may order channels differently or carry extra ones). Missing channels, another rate or another
    /// window length throw a <see cref="ManifestMismatchException"/> saying what differs.
    /// </summary>
    public int[] Validate(StreamDescription stream, int? samples = null)
    {
        var problems = new List<string>();
        var map = new int[Channels.Count];
        var missing = new List<string>();
        for (var i = 0; i < Channels.Count; i++)
        {
            map[i] = stream.IndexOf(Channels[i]);
            if (map[i] < 0) missing.Add(Channels[i]);
        }
        if (missing.Count > 0)
            problems.Add($"{missing.Count} channel(s) the model needs are missing: {string.Join(", ", missing.Take(12))}{(missing.Count > 12 ? ", ..." : "")} " +
                         $"(stream has {stream.ChannelCount}: {string.Join(", ", stream.Channels.Take(12).Select(c => c.Label))}{(stream.ChannelCount > 12 ? ", ..." : "")})");
        if (Math.Abs(stream.NominalRate - Rate) > 1e-6 * Rate)
            problems.Add($"the stream is at {stream.NominalRate:0.###} Hz, the model was trained at {Rate:0.###} Hz (add a dsp.resample stage)");
        if (samples is { } n && n != Samples)
            problems.Add($"windows have {n} samples, the model takes {Samples} ({Samples / Rate:0.###} s at {Rate:0.###} Hz)");
        if (problems.Count > 0)
            throw new ManifestMismatchException($"model '{Name}' does not fit stream '{stream.Name}': {string.Join("; ", problems)}");
        return map;
    }
}
