using Bci.Decoding.Baseline;
using Bci.Decoding.Checkpoints;

namespace Bci.Decoding.Stages;

/// <summary>The CSP + shrinkage LDA baseline behind the csp-lda stage (no embedding).</summary>
public sealed class CspLdaWindowModel(CspLdaModel model, ModelManifest manifest) : IWindowModel
{
    public ModelManifest Manifest { get; } = manifest;

    public static CspLdaWindowModel Load(string path)
    {
        var (model, manifest) = CspLdaModel.Load(path);
        return new CspLdaWindowModel(model, manifest);
    }

    public (double[] Probabilities, float[] Embedding) Decode(float[] window) => (model.Predict(window), []);

    public void Dispose()
    {
    }
}
