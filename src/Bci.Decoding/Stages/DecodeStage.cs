using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Decoding.Model;

namespace Bci.Decoding.Stages;

/// <summary>
/// The contrastive transformer as a pipeline stage. At run time it reads `model` (a checkpoint folder made by
/// `bci train`), checks every stream against its manifest and decodes windows on a dedicated thread. The
/// training options are read by `bci train` from this same node, so one pipeline file defines both.
/// </summary>
[Stage("decode", Description = "Contrastive transformer decoder: SignalWindow -> class probabilities + embedding (model from `bci train`).")]
public sealed class DecodeStage : IStage<SignalWindow, DecodedOutput>, IValidatingStage
{
    [Option("model", Required = true, Description = "Checkpoint folder (manifest.json + weights), relative to the pipeline file.")]
    public string Model { get; init; } = "";

    [Option("device", Description = "auto | cpu | cuda (auto takes CUDA when TorchSharp reports it).")]
    public string Device { get; init; } = "auto";

    [Option("queue", Description = "Windows waiting for the decoder; when full the oldest is dropped and counted (latest wins).")]
    public int Queue { get; init; } = 1;

    [Option("classes", Description = "Training: the marker values that are classes, in order (others are ignored).")]
    public IReadOnlyList<string> Classes { get; init; } = [];

    [Option("size", Description = "Training: model size (tiny, small, base, large).")]
    public ModelSize Size { get; init; } = ModelSize.Small;

    [Option("power-window", Unit = "s", Description = "Training: tokens are log band power over windows of this length (0 = pooled filtered signal).")]
    public double PowerWindow { get; init; }

    [Option("token-step", Unit = "s", Description = "Training: time between tokens (0 = the size's default pooling).")]
    public double TokenStep { get; init; }

    [Option("filter-bank", Unit = "Hz", Description = "Training: band edges (e.g. [8, 12, 16, 20, 24, 30]); the temporal filters become fixed band-passes, one per band (empty = learnt filters).")]
    public IReadOnlyList<double> FilterBankEdges { get; init; } = [];

    [Option("spatial-filters", Description = "Training: spatial filters per band with filter-bank (0 = enough to match the size's spatial filters).")]
    public int SpatialFilters { get; init; }

    [Option("spatial-init", Description = "Training: where the spatial filters start: random, or csp (common spatial patterns of the training epochs).")]
    public string SpatialInit { get; init; } = "random";

    /// <summary>True when <see cref="SpatialInit"/> asks for CSP (any case, surrounding spaces ignored).</summary>
    public bool CspSpatialInit => SpatialInit.Trim().Equals("csp", StringComparison.OrdinalIgnoreCase);

    [Option("freeze-spatial", Description = "Training: keep the spatial filters at CSP (needs spatial-init: csp); the rest of the model still trains.")]
    public bool FreezeSpatial { get; init; }

    [Option("dropout", Description = "Training: dropout of the front end and transformer (negative = the size's default).")]
    public double Dropout { get; init; } = -1;

    [Option("weight-decay", Description = "Training: AdamW weight decay.")]
    public double WeightDecay { get; init; } = 1e-2;

    [Option("epochs", Description = "Training: maximum epochs.")]
    public int Epochs { get; init; } = 150;

    [Option("batch", Description = "Training: batch size.")]
    public int Batch { get; init; } = 32;

    [Option("learning-rate", Description = "Training: peak AdamW learning rate (warm-up then cosine decay).")]
    public double LearningRate { get; init; } = 1e-3;

    [Option("patience", Description = "Training: epochs without validation improvement before stopping (0 = no early stopping: all epochs, last weights; `bci eval` then trains on the validation run too).")]
    public int Patience { get; init; } = 30;

    [Option("seed", Description = "Training: seed of weights, shuffling and augmentation.")]
    public int Seed { get; init; } = 42;

    [Option("views", Description = "Training: augmented views per epoch and step.")]
    public int Views { get; init; } = 2;

    [Option("crop", Unit = "s", Description = "Training: the model reads crops of this length, drawn at random inside each epoch; windows are decoded by averaging over crops (0 = whole epochs).")]
    public double Crop { get; init; }

    [Option("crop-step", Unit = "s", Description = "Time between the crops a window is decoded from (saved in the checkpoint, used live).")]
    public double CropStep { get; init; } = 0.25;

    [Option("crops", Description = "Training: random crops of each trial per epoch (with crop set).")]
    public int CropsPerTrial { get; init; } = 1;

    [Option("info-nce", Description = "Training: weight of symmetric InfoNCE against the target vectors.")]
    public double InfoNce { get; init; } = 1.0;

    [Option("supervised-contrastive", Description = "Training: weight of supervised contrastive across views.")]
    public double SupervisedContrastive { get; init; } = 0.5;

    [Option("cross-entropy", Description = "Training: weight of cross-entropy on the classification head (0 = no head).")]
    public double CrossEntropy { get; init; } = 1.0;

    /// <summary>The size's preset with this node's front-end options applied (seconds turned into samples at the data's rate).</summary>
    public EncoderConfig Customise(EncoderConfig preset)
    {
        var config = preset;
        if (TokenStep > 0) config = config with { TokenPool = Math.Max(1, (int)Math.Round(TokenStep * preset.Rate)) };
        if (PowerWindow > 0) config = config with { PowerWindow = Math.Max(1, (int)Math.Round(PowerWindow * preset.Rate)) };
        if (Dropout >= 0) config = config with { Dropout = Dropout };
        if (FilterBankEdges.Count > 0)
        {
            var bands = FilterBankEdges.Count - 1;
            var spatial = SpatialFilters > 0 ? SpatialFilters : Math.Max(1, (preset.TemporalFilters * preset.DepthMultiplier + bands - 1) / Math.Max(1, bands));
            // one second of taps: 4 Hz wide bands need about 3.3 Hz of transition (Hamming: 3.3 rate / taps)
            config = config with { FilterBankEdges = [.. FilterBankEdges], TemporalFilters = bands, DepthMultiplier = spatial, TemporalKernel = (int)Math.Round(preset.Rate) };
        }
        return config;
    }

    public IObservable<DecodedOutput> Apply(IObservable<SignalWindow> input, StageContext context) =>
        WindowDecoding.Run(input, context, () => TransformerWindowModel.Load(context.ResolvePath(Model), Device), Queue);

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Model)) yield return "model: name the checkpoint folder (made by `bci train`)";
        if (Device.Trim().ToLowerInvariant() is not ("auto" or "cpu" or "cuda")) yield return $"device: '{Device}' is not auto, cpu or cuda";
        if (Queue < 1) yield return $"queue: must be >= 1 (is {Queue})";
        if (InfoNce < 0 || SupervisedContrastive < 0 || CrossEntropy < 0) yield return "objective weights must be >= 0";
        if (PowerWindow < 0) yield return $"power-window: must be >= 0 s (is {PowerWindow})";
        if (TokenStep < 0) yield return $"token-step: must be >= 0 s (is {TokenStep})";
        if (Dropout >= 1) yield return $"dropout: must be below 1 (is {Dropout})";
        if (Crop < 0) yield return $"crop: must be >= 0 s (is {Crop})";
        if (Crop > 0 && CropStep <= 0) yield return $"crop-step: must be > 0 s (is {CropStep})";
        if (CropsPerTrial < 1) yield return $"crops: must be >= 1 (is {CropsPerTrial})";
        if (FilterBankEdges.Count == 1) yield return "filter-bank: give at least two band edges (or none)";
        if (SpatialInit.Trim().ToLowerInvariant() is not ("random" or "csp")) yield return $"spatial-init: '{SpatialInit}' is not random or csp";
        if (FreezeSpatial && !CspSpatialInit)
            yield return $"freeze-spatial: fixed spatial filters need spatial-init: csp (is {SpatialInit}); random filters would stay random";
        if (SpatialFilters < 0) yield return $"spatial-filters: must be >= 0 (is {SpatialFilters})";
        if (WeightDecay < 0) yield return $"weight-decay: must be >= 0 (is {WeightDecay})";
    }
}
