using TorchSharp;
using Bci.Decoding.Model;
using Bci.Decoding.Objectives;
using Bci.Decoding.Training;

namespace Bci.Decoding.Checkpoints;

/// <summary>
/// A contrastive transformer on disk: a folder with manifest.json (see <see cref="ModelManifest"/>),
/// encoder.bin and objective.bin (TorchSharp state, loadable from Python with TorchSharp's exporter conventions).
/// </summary>
public static class TransformerCheckpoint
{
    public const string ManifestFile = "manifest.json";
    public const string EncoderFile = "encoder.bin";
    public const string ObjectiveFile = "objective.bin";

    public static void Save(string folder, TransformerDecoder decoder, ModelManifest manifest)
    {
        Directory.CreateDirectory(folder);
        decoder.Encoder.save(Path.Combine(folder, EncoderFile));
        decoder.Objective.save(Path.Combine(folder, ObjectiveFile));
        manifest.Save(Path.Combine(folder, ManifestFile));
    }

    /// <summary>Loads a checkpoint folder (or its manifest.json) onto <paramref name="device"/> (auto|cpu|cuda).</summary>
    public static (TransformerDecoder Decoder, ModelManifest Manifest) Load(string path, string device = "auto")
    {
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var manifest = ModelManifest.Load(Path.Combine(folder, ManifestFile));
        if (manifest.Kind != ModelManifest.TransformerKind)
            throw new InvalidDataException($"{folder}: checkpoint is a '{manifest.Kind}' model, not a {ModelManifest.TransformerKind} (use the matching stage)");
        if (manifest.Encoder is null || manifest.Objective is null)
            throw new InvalidDataException($"{folder}: manifest lacks the encoder or objective configuration");
        var target = ComputeDevice.Resolve(device);
        var encoder = new ContrastiveEncoder(manifest.Encoder);
        var objective = new ContrastiveObjective(manifest.Objective, manifest.Classes.Count, manifest.Encoder.EmbeddingDim, 0);
        try
        {
            encoder.load(Path.Combine(folder, EncoderFile));
            objective.load(Path.Combine(folder, ObjectiveFile));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            encoder.Dispose();
            objective.Dispose();
            throw new InvalidDataException($"{folder}: weights do not load into the model the manifest describes ({e.Message})", e);
        }
        encoder.to(target);
        objective.to(target);
        encoder.eval();
        try
        {
            return (new TransformerDecoder(encoder, objective, manifest.InputScale, manifest.Classes, target, manifest.Samples, manifest.CropStep ?? 0), manifest);
        }
        catch (ArgumentException e)
        {
            encoder.Dispose();
            objective.Dispose();
            throw new InvalidDataException($"{folder}: the manifest's window ({manifest.Samples} samples, crop step {manifest.CropStep}) does not fit its encoder ({e.Message})", e);
        }
    }
}
