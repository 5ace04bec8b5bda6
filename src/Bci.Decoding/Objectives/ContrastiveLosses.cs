using Bci.Decoding.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Bci.Decoding.Objectives;

/// <summary>
/// The contrastive losses, as pure functions of tensors (the learnable parts live in <see cref="ContrastiveObjective"/>).
/// tests/Bci.Decoding.Tests/golden/make_golden.py computes both independently with NumPy.
/// </summary>
public static class ContrastiveLosses
{
    /// <summary>
    /// Symmetric InfoNCE (CLIP): logits = exp(logScale) * z tᵀ between the L2-normalised embeddings z [B, d] and
    /// targets t [B, d]; the loss is the mean of the cross-entropies over rows (embedding -> target) and columns
    /// (target -> embedding). With <paramref name="targetIds"/> [B] (int64), items that share a target id are all
    /// positives of each other (uniform soft labels over them) instead of false negatives: this is what class
    /// prototypes as targets need; with every id distinct it is exactly CLIP's loss. exp(logScale) is capped at 100.
    /// </summary>
    public static Tensor SymmetricInfoNce(Tensor embeddings, Tensor targets, Tensor logScale, Tensor? targetIds = null)
    {
        using var scope = NewDisposeScope();
        var z = nn.functional.normalize(embeddings, p: 2, dim: 1);
        var t = nn.functional.normalize(targets, p: 2, dim: 1);
        var scale = logScale.exp().AtMost(100.0);
        var logits = scale * z.mm(t.t());
        Tensor loss;
        if (targetIds is null)
        {
            var labels = arange(z.shape[0], dtype: ScalarType.Int64, device: z.device);
            loss = nn.functional.cross_entropy(logits, labels).Plus(nn.functional.cross_entropy(logits.t(), labels)).Over(2);
        }
        else
        {
            var positives = targetIds.unsqueeze(1).eq(targetIds.unsqueeze(0)).to_type(logits.dtype);
            var soft = positives / positives.sum(1, keepdim: true);
            var rows = -(soft * logits.log_softmax(1)).sum(1).mean();
            var columns = -(soft * logits.t().log_softmax(1)).sum(1).mean(); // positives are symmetric
            loss = rows.Plus(columns).Over(2);
        }
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Supervised contrastive loss (Khosla et al. 2020, "L_out") over embeddings z [N, d] (views of several items
    /// stacked) with labels [N]: for each anchor i with at least one positive,
    /// -mean over positives p of log( exp(z_i·z_p/τ) / Σ_{a≠i} exp(z_i·z_a/τ) ); averaged over those anchors.
    /// </summary>
    public static Tensor SupervisedContrastive(Tensor embeddings, Tensor labels, double temperature)
    {
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be > 0");
        using var scope = NewDisposeScope();
        var z = nn.functional.normalize(embeddings, p: 2, dim: 1);
        var n = z.shape[0];
        var self = eye(n, dtype: ScalarType.Bool, device: z.device);
        var similarity = z.mm(z.t()).Over(temperature);
        var logProb = similarity.Minus(similarity.FillWhere(self, double.NegativeInfinity).logsumexp(1, keepdim: true));
        logProb = logProb.FillWhere(self, 0.0);
        var positives = labels.unsqueeze(1).eq(labels.unsqueeze(0)).logical_and(self.logical_not()).to_type(z.dtype);
        var count = positives.sum(1);
        var hasPositive = count.gt(0);
        var meanLogProb = (positives * logProb).sum(1) / count.AtLeast(1.0);
        var loss = -(meanLogProb.masked_select(hasPositive)).mean();
        return loss.MoveToOuterDisposeScope();
    }
}
