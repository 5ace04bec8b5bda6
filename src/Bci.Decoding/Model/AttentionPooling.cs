using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Bci.Decoding.Model;

/// <summary>
/// Pools a token sequence [N, B, D] into one vector per item [B, D] with learned attention weights (a softmax
/// over the tokens of a linear score), so the model can weight the moments of a trial that carry the class.
/// </summary>
public sealed class AttentionPooling : nn.Module<Tensor, Tensor>
{
    private readonly Linear score;

    public AttentionPooling(long dim) : base(nameof(AttentionPooling))
    {
        score = nn.Linear(dim, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var weights = score.forward(tokens).softmax(0); // [N, B, 1]
        return (weights * tokens).sum(0L).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) score.Dispose();
        base.Dispose(disposing);
    }
}
