using System.Numerics.Tensors;
using Bci.Alignment.Catalogs;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Bci.Alignment.Encoders;

/// <summary>
/// A user-supplied ONNX world-model image encoder: images in, one latent vector per image out. Preprocessing
/// comes from the JSON beside the model (model.onnx -> model.json). Runs on the CPU with ONNX Runtime.
/// </summary>
public sealed class OnnxLatentEncoder : IDisposable
{
    public static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif"];

    private readonly InferenceSession _session;
    private readonly string _input;
    private readonly string _output;

    public OnnxLatentEncoder(string modelPath, string? preprocessingPath = null, int threads = 1)
    {
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"encoder model '{modelPath}' does not exist", modelPath);
        preprocessingPath ??= Path.ChangeExtension(modelPath, ".json");
        if (!File.Exists(preprocessingPath))
            throw new FileNotFoundException($"encoder '{modelPath}' needs its preprocessing JSON '{preprocessingPath}' (size, mean, std, layout)", preprocessingPath);
        Preprocessing = EncoderPreprocessing.Load(preprocessingPath);
        ModelPath = modelPath;
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        try
        {
            _session = new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"encoder '{modelPath}' could not be loaded by ONNX Runtime: {e.Message}", e);
        }
        _input = Preprocessing.Input ?? _session.InputMetadata.Keys.First();
        _output = Preprocessing.Output ?? _session.OutputMetadata.Keys.First();
        if (!_session.InputMetadata.ContainsKey(_input))
            throw new InvalidDataException($"encoder '{modelPath}' has no input '{_input}' (inputs: {string.Join(", ", _session.InputMetadata.Keys)})");
        if (!_session.OutputMetadata.ContainsKey(_output))
            throw new InvalidDataException($"encoder '{modelPath}' has no output '{_output}' (outputs: {string.Join(", ", _session.OutputMetadata.Keys)})");
    }

    public EncoderPreprocessing Preprocessing { get; }
    public string ModelPath { get; }

    /// <summary>Encodes images; returns one latent per image, in order (L2-normalised when the JSON says so).</summary>
    public float[][] Encode(IReadOnlyList<string> imagePaths, CancellationToken cancellation = default)
    {
        var p = Preprocessing;
        var per = p.ChannelCount * p.Width * p.Height;
        var result = new float[imagePaths.Count][];
        for (var start = 0; start < imagePaths.Count; start += p.Batch)
        {
            cancellation.ThrowIfCancellationRequested();
            var n = Math.Min(p.Batch, imagePaths.Count - start);
            var input = new float[n * per];
            for (var i = 0; i < n; i++)
                ImageTensor.Fill(imagePaths[start + i], p, input.AsSpan(i * per, per));
            int[] shape = p.Layout == "nchw" ? [n, p.ChannelCount, p.Height, p.Width] : [n, p.Height, p.Width, p.ChannelCount];
            var tensor = new DenseTensor<float>(input, shape);
            using var outputs = _session.Run([NamedOnnxValue.CreateFromTensor(_input, tensor)], [_output]);
            var latent = outputs.First().AsTensor<float>();
            var flat = latent.ToArray();
            if (flat.Length % n != 0)
                throw new InvalidDataException($"encoder '{ModelPath}': output '{_output}' has {flat.Length} values for {n} images");
            var dim = flat.Length / n;
            for (var i = 0; i < n; i++)
            {
                var vector = flat.AsSpan(i * dim, dim).ToArray();
                if (!TensorPrimitives.IsFiniteAll<float>(vector))
                    throw new InvalidDataException($"encoder '{ModelPath}' produced non-finite values for '{imagePaths[start + i]}'");
                if (p.Normalise == "l2") LatentCatalog.NormaliseInPlace(vector);
                result[start + i] = vector;
            }
        }
        return result;
    }

    /// <summary>Encodes every image under <paramref name="directory"/> (sorted, recursive) into a catalog.</summary>
    public LatentCatalog BuildCatalog(string directory, string? spaceId = null, CancellationToken cancellation = default)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"image folder '{directory}' does not exist");
        var root = Path.GetFullPath(directory);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            throw new InvalidDataException($"image folder '{directory}' holds no {string.Join("/", ImageExtensions)} files");
        var latents = Encode(files, cancellation);
        var dim = latents[0].Length;
        var vectors = new float[(long)files.Count * dim];
        for (var i = 0; i < files.Count; i++) latents[i].CopyTo(vectors, (long)i * dim);
        var items = files.Select(f =>
        {
            var relative = Path.GetRelativePath(root, f).Replace('\\', '/');
            return new LatentItem(Path.ChangeExtension(relative, null), LatentSourceKind.Image, relative);
        });
        var space = spaceId ?? (Preprocessing.SpaceId.Length > 0 ? Preprocessing.SpaceId : Path.GetFileNameWithoutExtension(ModelPath));
        return new LatentCatalog(space, Path.GetFileName(ModelPath), dim, items, vectors,
            Preprocessing.Normalise == "l2" ? LatentNormalisation.L2 : LatentNormalisation.None,
            new Dictionary<string, string> { ["images"] = root });
    }

    public void Dispose() => _session.Dispose();
}
