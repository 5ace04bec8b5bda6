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
        if (config.FilterBankEdges is not null) FixFilterBank(config);
    }

    /// <summary>Writes the fixed band-pass kernels into the temporal convolution and stops its training.</summary>
    private void FixFilterBank(EncoderConfig config)
    {
        var kernels = FilterBank.Design(config.FilterBankEdges!, config.EffectiveKernel, config.Rate);
        var weight = frontEnd.named_parameters().Single(p => p.name == "temporal.weight").parameter;
        using (no_grad())
        {
            using var values = tensor(kernels.SelectMany(k => k).Select(v => (float)v).ToArray(), [kernels.Length, 1, 1, kernels[0].Length]);
            weight.copy_(values);
        }
        weight.requires_grad = false;
    }

    public EncoderConfig Config { get; }

    /// <summary>The depthwise spatial convolution's weight, [F1·D, 1, C, 1].</summary>
    private Parameter SpatialWeight => frontEnd.named_parameters().Single(p => p.name == "spatial.weight").parameter;

    /// <summary>
    /// Overwrites the depthwise spatial convolution: row g·D + j (the j-th spatial filter of temporal filter g) of
    /// <paramref name="filters"/> [F1·D rows, C channels]. The filters stay trainable unless <see cref="FreezeSpatialFilters"/> is called.
    /// </summary>
    public void SetSpatialFilters(float[][] filters)
    {
        var f2 = Config.TemporalFilters * Config.DepthMultiplier;
        if (filters.Length != f2 || filters.Any(f => f.Length != Config.Channels))
            throw new ArgumentException($"spatial filters must be {f2} rows of {Config.Channels} channels (got {filters.Length} rows)", nameof(filters));
        var weight = SpatialWeight;
        using (no_grad())
        {
            using var values = tensor(filters.SelectMany(f => f).ToArray(), [f2, 1, Config.Channels, 1]);
            weight.copy_(values);
        }
    }

    /// <summary>Keeps the depthwise spatial convolution's filters out of training (no gradient, not optimised).</summary>
    public void FreezeSpatialFilters() => SpatialWeight.requires_grad = false;

    /// <summary>The depthwise spatial convolution's filters, [F1·D rows, C channels].</summary>
    public float[][] SpatialFilters()
    {
        var values = SpatialWeight.detach().cpu().data<float>().ToArray();
        return values.Chunk(Config.Channels).ToArray();
    }

    /// <summary>
    /// In eval mode, run the convolutional front end spatial-first (see <see cref="FrontEndInference"/>); same
    /// result, far less computation. Off: the layers in their training order (tests compare the two).
    /// </summary>
    public bool FusedInference { get; set; } = true;

    public bool HasClassifier => classifier is not null;

    /// <summary>Number of trainable parameters.</summary>
    public long ParameterCount => parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>The embedding only: [B, C, T] -> [B, d], unit length.</summary>
    public override Tensor forward(Tensor input) => Encode(input).Embedding;

    /// <summary>Embedding, logits and features of a batch [B, C, T] (or one window [C, T]).</summary>
    public EncoderOutput Encode(Tensor input)
    {
        if (input.dim() == 2) input = input.unsqueeze(0);
        if (input.dim() != 3 || input.shape[1] != Config.Channels || input.shape[2] != Config.Samples)
            throw new ArgumentException(
                $"encoder expects [batch, {Config.Channels} channels, {Config.Samples} samples], got [{string.Join(", ", input.shape)}]", nameof(input));

        var x = !training && FusedInference ? FrontEndInference(input) : frontEnd.forward(input.unsqueeze(1)); // [B, F2, 1, N]
        x = x.squeeze(2).permute(2, 0, 1);              // [N, B, F2]
        x = tokenProjection.forward(x).Plus(positions);  // [N, B, D]
        if (transformer is not null) x = transformer.call(x);
        var features = norm.forward(pooling.forward(x)); // [B, D]
        var embedding = nn.functional.normalize(projection.forward(features), p: 2, dim: 1);
        var logits = classifier?.forward(features);
        return new EncoderOutput(embedding, logits, features);
    }

    /// <summary>
    /// The front end in eval mode, reordered. Temporal convolution, its batch norm (an affine map per filter once the
    /// statistics are frozen), the depthwise spatial convolution and its batch norm are all linear, so mixing the C
    /// channels into the F2 spatial filters first and convolving those F2 signals in time gives the same output: the
    /// temporal convolution then runs on F2 signals instead of F1 x C (8 instead of 4 x 64 for the tiny model on 64
    /// channels), which at 1 kHz (a 251-tap kernel) is most of the forward pass. The layers after the second batch
    /// norm (activation and pooling, or log-power pooling) run as built. Input [B, C, T], output [B, F2, 1, N].
    /// </summary>
    private Tensor FrontEndInference(Tensor input)
    {
        var p = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in frontEnd.named_parameters()) p[name] = tensor;
        foreach (var (name, tensor) in frontEnd.named_buffers()) p[name] = tensor;
        const double Eps = 1e-5; // BatchNorm2d's default
        var f1 = Config.TemporalFilters;
        var depth = Config.DepthMultiplier;
        var k = Config.EffectiveKernel;

        var spatial = p["spatial.weight"].reshape(f1 * depth, Config.Channels);                 // [F2, C]
        var mixed = spatial.matmul(input);                                                      // [B, F2, T]
        var kernels = p["temporal.weight"].reshape(f1, 1, k).repeat_interleave(depth, dim: 0);  // [F2, 1, K]
        var filtered = nn.functional.conv1d(mixed, kernels, padding: k / 2, groups: f1 * depth);
        var scale1 = p["temporal_norm.weight"] / p["temporal_norm.running_var"].Plus(Eps).sqrt(); // [F1]
        var shift1 = p["temporal_norm.bias"].Minus(p["temporal_norm.running_mean"] * scale1);
        // BN1 before the spatial sum: sum_c w_gc (a_f z + b_f) = a_f (sum_c w_gc z) + b_f sum_c w_gc
        var gain = scale1.repeat_interleave(depth).unsqueeze(1);                                 // [F2, 1]
        var offset = (shift1.repeat_interleave(depth) * spatial.sum(1)).unsqueeze(1);            // [F2, 1]
        var x = (filtered * gain).Plus(offset);
        var scale2 = p["spatial_norm.weight"] / p["spatial_norm.running_var"].Plus(Eps).sqrt();
        var shift2 = p["spatial_norm.bias"].Minus(p["spatial_norm.running_mean"] * scale2);
        x = (x * scale2.unsqueeze(1)).Plus(shift2.unsqueeze(1)).unsqueeze(2);                    // [B, F2, 1, T]
        foreach (var (name, layer) in frontEnd.named_children())
        {
            if (name is "temporal" or "temporal_norm" or "spatial" or "spatial_norm") continue;
            x = ((nn.Module<Tensor, Tensor>)layer).call(x);
        }
        return x;
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
