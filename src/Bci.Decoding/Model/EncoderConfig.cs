using System.Text.Json.Serialization;

namespace Bci.Decoding.Model;

/// <summary>
/// Shape of a <see cref="ContrastiveEncoder"/>. Channel count, window length and rate come from the data (the
/// model is agnostic to them until built); the rest sets capacity. Every field is saved in the checkpoint
/// manifest so a model is rebuilt exactly as it was trained.
/// </summary>
public sealed record EncoderConfig
{
    /// <summary>Input channels (C).</summary>
    public required int Channels { get; init; }

    /// <summary>Samples per window (T).</summary>
    public required int Samples { get; init; }

    /// <summary>Sampling rate in Hz; sets the temporal kernel length when <see cref="TemporalKernel"/> is 0.</summary>
    public required double Rate { get; init; }

    /// <summary>Number of temporal filters (F1) of the first convolution.</summary>
    public int TemporalFilters { get; init; } = 8;

    /// <summary>Temporal kernel length in samples; 0 = a quarter of a second at <see cref="Rate"/> (odd).</summary>
    public int TemporalKernel { get; init; }

    /// <summary>Spatial filters per temporal filter (D) of the depthwise convolution across channels.</summary>
    public int DepthMultiplier { get; init; } = 2;

    /// <summary>
    /// Samples averaged into one token; tokens = Samples / TokenPool. With <see cref="PowerWindow"/> set, the
    /// stride between power windows.
    /// </summary>
    public int TokenPool { get; init; } = 8;

    /// <summary>
    /// 0 (default): tokens are the ELU-activated filtered signals averaged over <see cref="TokenPool"/> samples.
    /// > 0: tokens are log band power over windows of this many samples, one every <see cref="TokenPool"/> samples
    /// (<see cref="LogPowerPooling"/>): what motor imagery changes.
    /// </summary>
    public int PowerWindow { get; init; }

    /// <summary>
    /// Null (default): the temporal filters are learnt. Band edges in Hz: the temporal convolution is a fixed
    /// <see cref="FilterBank"/>, one band-pass per pair of consecutive edges (TemporalFilters = bands), so each
    /// band's power reaches the tokens separately.
    /// </summary>
    public double[]? FilterBankEdges { get; init; }

    /// <summary>Transformer width.</summary>
    public int ModelDim { get; init; } = 32;

    public int Heads { get; init; } = 2;

    public int Layers { get; init; } = 1;

    public int FeedForward { get; init; } = 64;

    public double Dropout { get; init; } = 0.25;

    /// <summary>Size d of the L2-normalised embedding.</summary>
    public int EmbeddingDim { get; init; } = 32;

    /// <summary>Classes of the optional classification head; 0 = no head.</summary>
    public int Classes { get; init; }

    [JsonIgnore]
    public int EffectiveKernel
    {
        get
        {
            var k = TemporalKernel > 0 ? TemporalKernel : Math.Max(3, (int)Math.Round(Rate / 4));
            return k % 2 == 1 ? k : k + 1; // odd, so "same" padding is symmetric
        }
    }

    [JsonIgnore]
    public int Tokens => PowerWindow > 0
        ? LogPowerPooling.Tokens(Samples, PowerWindow, TokenPool)
        : Math.Max(1, Samples / TokenPool);

    /// <summary>A preset for <paramref name="size"/>, for data of the given shape.</summary>
    public static EncoderConfig Preset(ModelSize size, int channels, int samples, double rate, int classes) => size switch
    {
        ModelSize.Tiny => new EncoderConfig
        {
            Channels = channels, Samples = samples, Rate = rate, Classes = classes,
            TemporalFilters = 4, DepthMultiplier = 2, TokenPool = 8, ModelDim = 16, Heads = 2, Layers = 1, FeedForward = 32, EmbeddingDim = 16,
        },
        ModelSize.Small => new EncoderConfig
        {
            Channels = channels, Samples = samples, Rate = rate, Classes = classes,
            TemporalFilters = 8, DepthMultiplier = 2, TokenPool = 8, ModelDim = 32, Heads = 4, Layers = 2, FeedForward = 64, EmbeddingDim = 32,
        },
        ModelSize.Base => new EncoderConfig
        {
            Channels = channels, Samples = samples, Rate = rate, Classes = classes,
            TemporalFilters = 16, DepthMultiplier = 2, TokenPool = 8, ModelDim = 64, Heads = 4, Layers = 4, FeedForward = 128, EmbeddingDim = 64,
        },
        ModelSize.Large => new EncoderConfig
        {
            Channels = channels, Samples = samples, Rate = rate, Classes = classes,
            TemporalFilters = 32, DepthMultiplier = 2, TokenPool = 4, ModelDim = 256, Heads = 8, Layers = 8, FeedForward = 1024, EmbeddingDim = 256,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, "unknown model size"),
    };

    /// <summary>Problems with the configuration, each naming the field; empty when it can be built.</summary>
    public IEnumerable<string> Problems()
    {
        if (Channels < 1) yield return $"channels must be >= 1 (is {Channels})";
        if (Samples < 2) yield return $"samples per window must be >= 2 (is {Samples})";
        if (!(Rate > 0) || !double.IsFinite(Rate)) yield return $"rate must be a positive number of Hz (is {Rate})";
        if (TemporalFilters < 1) yield return $"temporal-filters must be >= 1 (is {TemporalFilters})";
        if (DepthMultiplier < 1) yield return $"depth-multiplier must be >= 1 (is {DepthMultiplier})";
        if (TokenPool < 1 || TokenPool > Samples) yield return $"token-pool must be 1..{Samples} samples (is {TokenPool})";
        if (PowerWindow < 0 || PowerWindow > Samples) yield return $"power-window must be 0..{Samples} samples (is {PowerWindow})";
        if (ModelDim < 1 || Heads < 1 || ModelDim % Heads != 0) yield return $"model-dim ({ModelDim}) must be a positive multiple of heads ({Heads})";
        if (Layers < 0) yield return $"layers must be >= 0 (is {Layers})";
        if (EmbeddingDim < 1) yield return $"embedding-dim must be >= 1 (is {EmbeddingDim})";
        if (Classes < 0) yield return $"classes must be >= 0 (is {Classes})";
        if (FilterBankEdges is not null)
        {
            if (FilterBank.Problem(FilterBankEdges, Rate) is { } bank) yield return bank;
            else if (TemporalFilters != FilterBankEdges.Length - 1) yield return $"temporal-filters ({TemporalFilters}) must equal the filter bank's {FilterBankEdges.Length - 1} bands";
        }
        if (Dropout is < 0 or >= 1) yield return $"dropout must be in [0, 1) (is {Dropout})";
    }
}
