using System.Reactive.Linq;
using Bci.Alignment.Catalogs;
using Bci.Alignment.Formats;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Alignment.Synthetic;

/// <summary>
/// Stimulus-locked epochs from the ground-truth <see cref="LatentResponseModel"/>: each epoch is the known response
/// to one catalog item's latent plus AR(1) noise at the set SNR, locked to a marker naming the item. With
/// `hold` > 0 the same item is repeated for that long (a cued movement for motor-imagery readout). Paced on the
/// run's scheduler (virtual time in tests). Values are in volts (1 model unit = 1 uV).
/// </summary>
[Stage("align.simulate", Description = "Simulated stimulus-locked epochs whose responses are a known function of catalog latents (ground truth for retrieval).")]
public sealed class SimulatedEpochsSource : ISource<SignalWindow>, IValidatingStage
{
    private readonly LoadedOnce<LatentCatalog> _catalog = new();

    [Option("catalog", Required = true, Description = "Items to present (their latents drive the responses), relative to the pipeline file.")]
    public string Catalog { get; init; } = "";

    [Option("rate", Unit = "Hz", Description = "Epochs per second.")]
    public double Rate { get; init; } = 2;

    [Option("snr", Description = "Signal-to-noise ratio in dB (signal power / noise power per sample).")]
    public double SnrDb { get; init; } = -15;

    [Option("hold", Unit = "s", Description = "Keep presenting one item for this long (0 = a new random item every epoch).")]
    public double Hold { get; init; }

    [Option("channels", Description = "Channels of the response model (must match the mapping's).")]
    public int Channels { get; init; } = SyntheticAlignmentAssets.Channels;

    [Option("samples", Description = "Samples per epoch of the response model (must match the mapping's).")]
    public int Samples { get; init; } = SyntheticAlignmentAssets.Samples;

    [Option("model-seed", Description = "Seed of the response model (the same as the assets were made with).")]
    public int ModelSeed { get; init; } = SyntheticAlignmentAssets.ModelSeed;

    [Option("seed", Description = "Seed of the item order and the noise.")]
    public int Seed { get; init; } = 1;

    [Option("duration", Unit = "s", Description = "Stop after this long (0 = until the pipeline stops).")]
    public double Duration { get; init; }

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Catalog)) yield return "catalog: a latent catalog is required";
        if (!(Rate > 0 && Rate <= 1000)) yield return $"rate: must be above 0 and at most 1000 Hz (got {Rate})";
        if (Hold < 0) yield return "hold: cannot be negative";
        if (Channels <= 0 || Samples <= 0) yield return "channels and samples must be > 0";
    }

    public IObservable<SignalWindow> Open(StageContext context) => Observable.Defer(() =>
    {
        var catalog = _catalog.Get(context.ResolvePath(Catalog), LatentCatalogFile.Read);
        var model = new LatentResponseModel(catalog.Dimension, Channels, Samples, seed: ModelSeed);
        var random = new Random(Seed);
        var snr = Math.Pow(10, SnrDb / 10);
        var stream = StreamDescription.Unlabelled("align-simulated", "EEG", Channels, SyntheticAlignmentAssets.SampleRate);
        var start = context.Clock.Now;
        var count = Duration > 0 ? (long)Math.Floor(Duration * Rate) : long.MaxValue;
        var current = -1;
        var since = double.NegativeInfinity;
        return Observable.Interval(TimeSpan.FromSeconds(1 / Rate), context.Scheduler)
            .TakeWhile(n => n < count && !context.Stopping.IsCancellationRequested)
            .Select(n =>
            {
                var onset = start + (n + 1) / Rate;
                if (current < 0 || Hold <= 0 || onset - since >= Hold)
                {
                    current = random.Next(catalog.Count);
                    since = onset;
                }
                var trial = model.Trial(catalog.Vector(current), snr, random);
                for (var i = 0; i < trial.Length; i++) trial[i] *= 1e-6;
                return SignalWindow.Wrap(stream, trial, Samples, onset, new MarkerEvent(catalog.Items[current].Name, onset, "align-simulated-markers"));
            });
    });
}
