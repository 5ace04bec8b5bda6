using Bci.Decoding.Model;
using Bci.Decoding.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Bci.Decoding.Training;

/// <summary>
/// A trained contrastive transformer ready to decode: encoder + objective (temperature, prototypes), the input
/// scale and the class names. <see cref="Predict"/> runs in inference mode inside one dispose scope per call,
/// so native memory does not grow however many windows pass.
/// </summary>
public sealed class TransformerDecoder : IDisposable
{
    public TransformerDecoder(ContrastiveEncoder encoder, ContrastiveObjective objective, float inputScale, IReadOnlyList<string> classes, Device device)
    {
        Encoder = encoder;
        Objective = objective;
        InputScale = inputScale;
        Classes = classes;
        Device = device;
    }

    public ContrastiveEncoder Encoder { get; }
    public ContrastiveObjective Objective { get; }
    public float InputScale { get; }
    public IReadOnlyList<string> Classes { get; }
    public Device Device { get; }
    public EncoderConfig Config => Encoder.Config;

    /// <summary>Class probabilities and embeddings of raw windows (C x T channel-major, volts).</summary>
    public IReadOnlyList<(float[] Probabilities, float[] Embedding)> Predict(IReadOnlyList<float[]> windows)
    {
        if (windows.Count == 0) return [];
        var c = Config.Channels;
        var t = Config.Samples;
        var input = new float[windows.Count * c * t];
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].Length != c * t)
                throw new ArgumentException($"window {i} has {windows[i].Length} values; the model takes {c} channels x {t} samples");
            InputNormalisation.Apply(windows[i], c, t, InputScale, input.AsSpan(i * c * t, c * t));
        }

        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        Encoder.eval();
        var x = tensor(input, [windows.Count, c, t]).to(Device);
        var output = Encoder.Encode(x);
        var probabilities = (output.Logits is not null ? output.Logits.softmax(1) : Objective.PrototypeProbabilities(output.Embedding)).cpu();
        var embedding = output.Embedding.cpu();
        var p = probabilities.data<float>().ToArray();
        var e = embedding.data<float>().ToArray();
        var k = (int)probabilities.shape[1];
        var d = (int)embedding.shape[1];
        return Enumerable.Range(0, windows.Count)
            .Select(i => (p.AsSpan(i * k, k).ToArray(), e.AsSpan(i * d, d).ToArray()))
            .ToList();
    }

    public void Dispose()
    {
        Encoder.Dispose();
        Objective.Dispose();
    }
}
