using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Bci.Decoding.Model;

/// <summary>
/// EEG/MEG encoder: input [B, C, T] (channels x samples, volts scaled by the trainer) ->
/// temporal convolution (F1 filters, kernel K, "same" padding) + batch norm ->
/// depthwise spatial convolution across all C channels (D filters per temporal filter) + batch norm + ELU ->
/// average pooling over time into tokens [N = T / pool, B, F1*D] -> linear to model-dim + learned positions ->
/// transformer encoder layers -> attention pooling [B, model-dim] -> layer norm ->
/// projection head (linear, GELU, linear) -> L2-normalised embedding [B, d]; optional linear classification head.
/// The convolutional front end follows EEGNet/EEG-Conformer; the transformer sees one token per pooled step.
/// </summary>
public sealed class ContrastiveEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Sequential frontEnd;
    private readonly Linear tokenProjection;
    private readonly Parameter positions;
    private readonly TransformerEncoder? transformer;
    private readonly AttentionPooling pooling;
    private readonly LayerNorm norm;
    private readonly Sequential projection;
    private readonly Linear? classifier;

    public ContrastiveEncoder(EncoderConfig config) : base(nameof(ContrastiveEncoder))
    {
        var problems = config.Problems().ToList();
        if (problems.Count > 0) throw new ArgumentException("encoder configuration: " + string.Join("; ", problems), nameof(config));
        Config = config;
        var f1 = config.TemporalFilters;
        var f2 = f1 * config.DepthMultiplier;
        var k = config.EffectiveKernel;
        frontEnd = config.PowerWindow > 0
            ? nn.Sequential(
                ("temporal", nn.Conv2d(1, f1, (1, k), padding: (0, k / 2), bias: false)),
                ("temporal_norm", nn.BatchNorm2d(f1)),
                ("spatial", nn.Conv2d(f1, f2, (config.Channels, 1), groups: f1, bias: false)),
                ("spatial_norm", nn.BatchNorm2d(f2)),
                ("power", new LogPowerPooling(config.PowerWindow, config.TokenPool)),
                ("dropout", nn.Dropout(config.Dropout)))
            : nn.Sequential(
                ("temporal", nn.Conv2d(1, f1, (1, k), padding: (0, k / 2), bias: false)),
                ("temporal_norm", nn.BatchNorm2d(f1)),
                ("spatial", nn.Conv2d(f1, f2, (config.Channels, 1), groups: f1, bias: false)),
                ("spatial_norm", nn.BatchNorm2d(f2)),
                ("activation", nn.ELU()),
                ("pool", nn.AvgPool2d((1, config.TokenPool), stride: (1, config.TokenPool))),
                ("dropout", nn.Dropout(config.Dropout)));
        tokenProjection = nn.Linear(f2, config.ModelDim);
        positions = nn.Parameter(randn(config.Tokens, 1, config.ModelDim) * 0.02);
        if (config.Layers > 0)
        {
            var layer = nn.TransformerEncoderLayer(config.ModelDim, config.Heads, config.FeedForward, config.Dropout, nn.Activations.GELU);
            transformer = nn.TransformerEncoder(layer, config.Layers);
        }
        pooling = new AttentionPooling(config.ModelDim);
        norm = nn.LayerNorm(config.ModelDim);
        projection = nn.Sequential(
            ("hidden", nn.Linear(config.ModelDim, config.ModelDim)),
            ("activation", nn.GELU()),
            ("out", nn.Linear(config.ModelDim, config.EmbeddingDim)));
        if (config.Classes > 0) classifier = nn.Linear(config.ModelDim, config.Classes);
        RegisterComponents();
    }

    public EncoderConfig Config { get; }

    public bool HasClassifier => classifier is not null;

    /// <summary>Number of trainable parameters.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>The embedding only: [B, C, T] -> [B, d], unit length.</summary>
    public override Tensor forward(Tensor input) => Encode(input).Embedding;

    /// <summary>Embedding, logits and features of a batch [B, C, T] (or one window [C, T]).</summary>
    public EncoderOutput Encode(Tensor input)
    {
        if (input.dim() == 2) input = input.unsqueeze(0);
        if (input.dim() != 3 || input.shape[1] != Config.Channels || input.shape[2] != Config.Samples)
            throw new ArgumentException(
                $"encoder expects [batch, {Config.Channels} channels, {Config.Samples} samples], got [{string.Join(", ", input.shape)}]", nameof(input));

        var x = frontEnd.forward(input.unsqueeze(1)); // [B, F2, 1, N]
        x = x.squeeze(2).permute(2, 0, 1);              // [N, B, F2]
        x = tokenProjection.forward(x) + positions;      // [N, B, D]
        if (transformer is not null) x = transformer.call(x);
        var features = norm.forward(pooling.forward(x)); // [B, D]
        var embedding = nn.functional.normalize(projection.forward(features), p: 2, dim: 1);
        var logits = classifier?.forward(features);
        return new EncoderOutput(embedding, logits, features);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            frontEnd.Dispose();
            tokenProjection.Dispose();
            positions.Dispose();
            transformer?.Dispose();
            pooling.Dispose();
            norm.Dispose();
            projection.Dispose();
            classifier?.Dispose();
        }
        base.Dispose(disposing);
    }
}
