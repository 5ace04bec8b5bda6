using TorchSharp;
using static TorchSharp.torch;

namespace Bci.Decoding.Model;

/// <summary>Where a model runs, written `auto`, `cpu` or `cuda` in pipeline files and on the command line.</summary>
public static class ComputeDevice
{
    /// <summary>
    /// The TorchSharp device for <paramref name="name"/>: `auto` takes CUDA when TorchSharp reports it (the CUDA
    /// build of libtorch must be referenced, see the README), otherwise the CPU; `cuda` without CUDA is an error.
    /// </summary>
    public static Device Resolve(string name) => (name ?? "auto").Trim().ToLowerInvariant() switch
    {
        "auto" => cuda.is_available() ? CUDA : CPU,
        "cpu" => CPU,
        "cuda" => cuda.is_available()
            ? CUDA
            : throw new InvalidOperationException(
                "device 'cuda' was asked for but TorchSharp reports no CUDA device (this build references libtorch's CPU package; " +
                "reference TorchSharp-cuda-linux instead, or use device: auto)"),
        var other => throw new ArgumentException($"device '{other}' is not one of auto, cpu, cuda"),
    };
}
