using System.Numerics.Tensors;
using System.Reactive.Linq;
using Bci.Alignment.Catalogs;
using Bci.Alignment.Formats;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Alignment.Readout;

/// <summary>
/// Motor-imagery readout in latent space: class probabilities are a temperature softmax over the cosine
/// similarities of the decoded embedding with each movement's latent, so any movement in the catalog can be
/// named, including ones without training trials (zero-shot); the control value is the embedding's projection
/// on the axis from one movement's latent to another's, exponentially smoothed in time. Emits one output per
/// input window (a 50 ms window step gives 20 Hz).
/// </summary>
[Stage("mi-readout", Description = "Movement probabilities from latent similarity (temperature softmax) and a smoothed control value along a latent axis.")]
public sealed class MotorImageryReadoutStage : IStage<DecodedOutput, DecodedOutput>, IValidatingStage
{
    private readonly LoadedOnce<LatentCatalog> _catalog = new();

    [Option("catalog", Required = true, Description = "Movement latents (items with action sources), relative to the pipeline file.")]
    public string Catalog { get; init; } = "";

    [Option("classes", Description = "Movement items to read out (default: every action item of the catalog).")]
    public IReadOnlyList<string> Classes { get; init; } = [];

    [Option("temperature", Description = "Softmax temperature on cosine similarities; 0 = the catalog's calibrated 'temperature' metadata, else 0.05.")]
    public double Temperature { get; init; }

    [Option("axis", Description = "Two items [from, to]: the control value is the projection on the direction from the first latent to the second (default: the first two classes).")]
    public IReadOnlyList<string> Axis { get; init; } = [];

    [Option("smoothing", Unit = "s", Description = "Time constant of the control value's exponential smoothing (0 = none).")]
    public double Smoothing { get; init; } = 0.3;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Catalog)) yield return "catalog: a latent catalog file is required";
        if (!(Temperature >= 0)) yield return $"temperature: must be >= 0 (got {Temperature}; 0 = from the catalog)";
        if (Axis.Count is not (0 or 2)) yield return $"axis: needs exactly two item names (got {Axis.Count})";
        if (Smoothing < 0) yield return $"smoothing: must be >= 0 s (got {Smoothing})";
    }

    public IObservable<DecodedOutput> Apply(IObservable<DecodedOutput> input, StageContext context) => Observable.Defer(() =>
    {
        var catalog = _catalog.Get(context.ResolvePath(Catalog), path => LatentCatalogFile.Read(path).Normalised());
        var readout = Readout.Create(catalog, Classes, Axis);
        var temperature = Temperature > 0 ? Temperature
            : catalog.Metadata.TryGetValue("temperature", out var text) && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var calibrated) && calibrated > 0 ? calibrated
            : 0.05;
        context.Info($"{readout.Names.Length} movements ({string.Join(", ", readout.Names)}) from {catalog}; axis {readout.AxisText}; temperature {temperature:0.####}");
        var skipped = context.Health.Counter("skipped-no-embedding");
        double? smoothed = null;
        var lastTime = double.NaN;
        return input.Where(o =>
        {
            if (!o.Embedding.IsDefaultOrEmpty) return true;
            skipped.Increment();
            return false;
        }).Select(o =>
        {
            var (probabilities, projection) = readout.Evaluate(o.Embedding.AsSpan(), temperature, o.Decoder);
            if (smoothed is null || Smoothing <= 0 || !double.IsFinite(lastTime))
            {
                smoothed = projection;
            }
            else
            {
                // Time-based smoothing, so the time constant holds whatever the window rate.
                var alpha = 1 - Math.Exp(-Math.Max(0, o.Timestamp - lastTime) / Smoothing);
                smoothed += alpha * (projection - smoothed.Value);
            }
            lastTime = o.Timestamp;
            return new DecodedOutput("mi-readout", o.Timestamp, readout.Names, probabilities) { Control = smoothed, Event = o.Event, Embedding = o.Embedding };
        });
    });

    /// <summary>The catalog rows read out and the control axis, resolved once per run.</summary>
    internal sealed class Readout
    {
        private readonly float[][] _latents;
        private readonly float[] _axis;

        private Readout(string[] names, float[][] latents, float[] axis, string axisText)
        {
            Names = names;
            _latents = latents;
            _axis = axis;
            AxisText = axisText;
        }

        public string[] Names { get; }
        public string AxisText { get; }

        public static Readout Create(LatentCatalog catalog, IReadOnlyList<string> classes, IReadOnlyList<string> axis)
        {
            var names = classes.Count > 0
                ? classes.ToArray()
                : catalog.Items.Where(i => i.Kind == LatentSourceKind.Action).Select(i => i.Name).ToArray();
            if (names.Length == 0) names = catalog.Items.Select(i => i.Name).ToArray();
            foreach (var n in names.Concat(axis))
                if (catalog.IndexOf(n) < 0)
                    throw new ArgumentException($"movement '{n}' is not in {catalog} (items: {string.Join(", ", catalog.Items.Take(10).Select(i => i.Name))})");
            if (names.Length < 2) throw new ArgumentException($"mi-readout needs at least two movements; {catalog} gives {names.Length}");
            var from = axis.Count == 2 ? axis[0] : names[0];
            var to = axis.Count == 2 ? axis[1] : names[1];
            var direction = new float[catalog.Dimension];
            TensorPrimitives.Subtract(catalog.Vector(to), catalog.Vector(from), direction);
            LatentCatalog.NormaliseInPlace(direction);
            return new Readout(names, names.Select(n => catalog.Vector(n).ToArray()).ToArray(), direction, $"{from} -> {to}");
        }

        public (double[] Probabilities, double Projection) Evaluate(ReadOnlySpan<float> embedding, double temperature, string decoder)
        {
            if (embedding.Length != _axis.Length)
                throw new InvalidOperationException($"decoder '{decoder}' emits {embedding.Length}-dimensional embeddings; the movement latents have {_axis.Length}");
            var norm = TensorPrimitives.Norm(embedding);
            if (!(norm > 0)) return (Enumerable.Repeat(1.0 / Names.Length, Names.Length).ToArray(), 0);
            var similarities = new double[Names.Length];
            for (var i = 0; i < similarities.Length; i++) similarities[i] = TensorPrimitives.Dot(embedding, _latents[i]) / norm;
            return (TemperatureCalibration.Softmax(similarities, temperature), TensorPrimitives.Dot(embedding, _axis) / norm);
        }
    }
}
