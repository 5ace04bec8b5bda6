using Bci.Decoding.Checkpoints;

namespace Bci.Decoding.Stages;

/// <summary>A loaded decoder that turns one window (model channels x samples, channel-major, volts) into probabilities.</summary>
public interface IWindowModel : IDisposable
{
    ModelManifest Manifest { get; }

    (double[] Probabilities, float[] Embedding) Decode(float[] window);
}
