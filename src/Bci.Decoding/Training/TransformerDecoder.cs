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
    /// <param name="windowSamples">Samples of the windows to decode; 0 = the encoder's input length (no crops).</param>
    /// <param name="cropStep">Samples between the crops a longer window is decoded from (see <see cref="Crops"/>).</param>
    public TransformerDecoder(ContrastiveEncoder encoder, ContrastiveObjective objective, float inputScale, IReadOnlyList<string> classes, Device device,
        int windowSamples = 0, int cropStep = 0)
    {
        WindowSamples = windowSamples > 0 ? windowSamples : encoder.Config.Samples;
        if (WindowSamples < encoder.Config.Samples)
            throw new ArgumentException($"windows of {WindowSamples} samples are shorter than the model's input of {encoder.Config.Samples}", nameof(windowSamples));
        CropStep = WindowSamples > encoder.Config.Samples ? cropStep : 0;
        CropStarts = Crops.Starts(WindowSamples, encoder.Config.Samples, CropStep);
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

    /// <summary>Samples of a decoded window (the epoch); the encoder reads crops of <c>Config.Samples</c> of it.</summary>
    public int WindowSamples { get; }

    /// <summary>Samples between crops; 0 when the model reads whole windows.</summary>
    public int CropStep { get; }

    /// <summary>Where the crops a window is decoded from start; their outputs are averaged.</summary>
    public IReadOnlyList<int> CropStarts { get; }

    /// <summary>
    /// Class probabilities and embeddings of raw windows (C x T channel-major, volts). A window longer than the
    /// model's input is decoded crop by crop (<see cref="CropStarts"/>): the probabilities are the mean over crops,
    /// the embedding the normalised mean of the crops' embeddings.
    /// </summary>
    public IReadOnlyList<(float[] Probabilities, float[] Embedding)> Predict(IReadOnlyList<float[]> windows)
    {
        if (windows.Count == 0) return [];
        var c = Config.Channels;
        var w = WindowSamples;
        var l = Config.Samples;
        var n = CropStarts.Count;
        var input = new float[windows.Count * n * c * l];
        var normalised = new float[c * w];
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].Length != c * w)
                throw new ArgumentException($"window {i} has {windows[i].Length} values; the model takes {c} channels x {w} samples");
            InputNormalisation.Apply(windows[i], c, w, InputScale, normalised);
            for (var j = 0; j < n; j++) Crops.Copy(normalised, c, w, CropStarts[j], l, input.AsSpan((i * n + j) * c * l, c * l));
        }

        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        Encoder.eval();
        var x = tensor(input, [windows.Count * n, c, l]).to(Device);
        var output = Encoder.Encode(x);
        var crops = output.Logits is not null ? output.Logits.softmax(1) : Objective.PrototypeProbabilities(output.Embedding);
        var probabilities = crops.reshape(windows.Count, n, -1).mean([1]).cpu();
        var embedding = (n == 1 ? output.Embedding : nn.functional.normalize(output.Embedding.reshape(windows.Count, n, -1).mean([1]), p: 2, dim: 1)).cpu();
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
