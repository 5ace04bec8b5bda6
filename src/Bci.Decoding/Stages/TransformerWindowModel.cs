using Bci.Decoding.Checkpoints;
using Bci.Decoding.Training;

namespace Bci.Decoding.Stages;

/// <summary>The contrastive transformer behind the decode stage: one window per call, in inference mode.</summary>
public sealed class TransformerWindowModel(TransformerDecoder decoder, ModelManifest manifest) : IWindowModel
{
    public ModelManifest Manifest { get; } = manifest;

    public static TransformerWindowModel Load(string path, string device)
    {
        var (decoder, manifest) = TransformerCheckpoint.Load(path, device);
        return new TransformerWindowModel(decoder, manifest);
    }

    public (double[] Probabilities, float[] Embedding) Decode(float[] window)
    {
        var (p, e) = decoder.Predict([window])[0];
        return (p.Select(v => (double)v).ToArray(), e);
    }

    public void Dispose() => decoder.Dispose();
}
