using Bci.Decoding.Augmentation;
using Bci.Decoding.Model;
using Bci.Decoding.Objectives;

namespace Bci.Decoding.Training;

/// <summary>Everything that decides a training run; with the same data and seed, the same weights come out.</summary>
public sealed record TrainingConfig
{
    public ModelSize Size { get; init; } = ModelSize.Small;

    /// <summary>Overrides of the preset (null = the preset of <see cref="Size"/>).</summary>
    public Func<EncoderConfig, EncoderConfig>? Customise { get; init; }

    public int MaxEpochs { get; init; } = 150;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 1e-3;

    public double WeightDecay { get; init; } = 1e-2;

    /// <summary>Epochs of linear warm-up before the cosine decay of the learning rate.</summary>
    public int WarmupEpochs { get; init; } = 5;

    /// <summary>
    /// Stop when the validation loss has not improved for this many epochs (the best weights are kept); 0 = train
    /// all <see cref="MaxEpochs"/> and keep the last weights (the validation set is then only reported).
    /// </summary>
    public int Patience { get; init; } = 30;

    public long Seed { get; init; } = 42;

    /// <summary>Augmented views per item and step (2 or more for supervised contrastive).</summary>
    public int Views { get; init; } = 2;

    public AugmentationConfig Augmentation { get; init; } = new();

    /// <summary>
    /// Seconds of each training crop (<see cref="Crops"/>); 0 = the model reads whole epochs. With crops, every view
    /// of a trial is its own random crop, and windows are decoded by averaging over crops every <see cref="CropStep"/>.
    /// </summary>
    public double Crop { get; init; }

    /// <summary>Seconds between the crops a window is decoded from (validation and inference).</summary>
    public double CropStep { get; init; } = 0.25;

    /// <summary>Random crops of each trial per training epoch (with <see cref="Crop"/> set).</summary>
    public int CropsPerTrial { get; init; } = 1;

    /// <summary>
    /// True: the spatial convolution starts at common spatial patterns of the training epochs
    /// (<see cref="CspInitialisation"/>); false: at random.
    /// </summary>
    public bool CspSpatialInit { get; init; }

    /// <summary>
    /// True: the spatial filters stay where <see cref="CspSpatialInit"/> put them (CSP's filters, fixed); batch norm,
    /// the temporal filters, the transformer and the heads still train. With a hundred trials, gradient steps through
    /// noisy crops moved those filters away from CSP's closed-form solution about as often as they improved them
    /// (docs/benchmarks.md, decoder section).
    /// </summary>
    public bool FreezeSpatialFilters { get; init; }

    public ObjectiveWeights Objective { get; init; } = new();

    /// <summary>Groups (runs/sessions) held out for validation and early stopping; empty = no early stopping.</summary>
    public IReadOnlyList<string> ValidationGroups { get; init; } = [];

    public string Device { get; init; } = "auto";

    /// <summary>Intra-op threads of libtorch; 0 leaves its default.</summary>
    public int Threads { get; init; }
}
