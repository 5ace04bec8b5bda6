using Bci.Decoding.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Bci.Decoding.Objectives;

/// <summary>
/// The weighted training objective with its learnable part (the InfoNCE temperature, as log of the logit scale)
/// and its class prototypes: K fixed random unit vectors drawn from <c>prototypeSeed</c>, the target vectors
/// InfoNCE pulls each class towards until world-model latents replace them (per-epoch targets).
/// </summary>
public sealed class ContrastiveObjective : nn.Module
{
    private readonly Parameter logScale;
    private readonly Tensor prototypes;

    public ContrastiveObjective(ObjectiveWeights weights, int classes, int embeddingDim, long prototypeSeed) : base(nameof(ContrastiveObjective))
    {
        var problems = weights.Problems().ToList();
        if (problems.Count > 0) throw new ArgumentException("objective: " + string.Join("; ", problems), nameof(weights));
        Weights = weights;
        logScale = nn.Parameter(tensor(Math.Log(1.0 / weights.InitialTemperature), dtype: ScalarType.Float32));
        prototypes = MakePrototypes(Math.Max(classes, 1), embeddingDim, prototypeSeed);
        RegisterComponents(); // the prototypes tensor field becomes a buffer: saved with the weights
    }

    public ObjectiveWeights Weights { get; }

    /// <summary>
    /// K unit vectors from a seeded System.Random Gaussian (Box-Muller), so they do not depend on libtorch's RNG.
    /// </summary>
    public static Tensor MakePrototypes(int classes, int dim, long seed)
    {
        var random = new Random(unchecked((int)seed));
        var values = new float[classes * dim];
        for (var i = 0; i < values.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        using var raw = tensor(values).reshape(classes, dim);
        return nn.functional.normalize(raw, p: 2, dim: 1);
    }

    /// <summary>Current InfoNCE temperature (1 / logit scale).</summary>
    public double Temperature => 1.0 / Math.Exp(logScale.item<float>());

    public Tensor Prototypes => prototypes;

    /// <summary>
    /// Loss of a step: <paramref name="views"/> are the encoder outputs of V augmented views of the same B items
    /// (V >= 1), <paramref name="labels"/> [B] their classes, <paramref name="targets"/> [B, d] optional per-item
    /// target vectors (class prototypes when null).
    /// </summary>
    public (Tensor Loss, LossTerms Terms) Compute(IReadOnlyList<EncoderOutput> views, Tensor labels, Tensor? targets = null)
    {
        if (views.Count == 0) throw new ArgumentException("at least one view is needed", nameof(views));
        var total = zeros(1, device: views[0].Embedding.device).squeeze();
        double info = 0, sup = 0, ce = 0;
        if (Weights.InfoNce > 0)
        {
            var ids = targets is null ? labels : null;
            var t = targets ?? prototypes.to(views[0].Embedding.device).index_select(0, labels);
            Tensor sum = zeros(1, device: t.device).squeeze();
            foreach (var view in views) sum = sum.Plus(ContrastiveLosses.SymmetricInfoNce(view.Embedding, t, logScale, ids));
            var term = sum.Over(views.Count);
            info = term.item<float>();
            total = total.Plus(term.Times(Weights.InfoNce));
        }
        if (Weights.SupervisedContrastive > 0 && views.Count > 1)
        {
            var all = cat(views.Select(v => v.Embedding).ToList(), 0);
            var allLabels = cat(Enumerable.Repeat(labels, views.Count).ToList(), 0);
            var term = ContrastiveLosses.SupervisedContrastive(all, allLabels, Weights.SupervisedTemperature);
            sup = term.item<float>();
            total = total.Plus(term.Times(Weights.SupervisedContrastive));
        }
        if (Weights.CrossEntropy > 0 && views[0].Logits is not null)
        {
            Tensor sum = zeros(1, device: labels.device).squeeze();
            foreach (var view in views) sum = sum.Plus(nn.functional.cross_entropy(view.Logits!, labels));
            var term = sum.Over(views.Count);
            ce = term.item<float>();
            total = total.Plus(term.Times(Weights.CrossEntropy));
        }
        return (total, new LossTerms(total.item<float>(), info, sup, ce));
    }

    /// <summary>Class probabilities from embeddings by cosine similarity to the prototypes (when there is no head).</summary>
    public Tensor PrototypeProbabilities(Tensor embeddings) =>
        (logScale.exp().AtMost(100.0) * embeddings.mm(prototypes.to(embeddings.device).t())).softmax(1);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            logScale.Dispose();
            prototypes.Dispose();
        }
        base.Dispose(disposing);
    }
}
