using System.Collections.Immutable;
using System.Reactive.Linq;
using Bci.Alignment.Catalogs;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Alignment.Training;

/// <summary>
/// Maps each window (epoch) into the latent space with a fitted linear mapping (ridge or Procrustes, see
/// `bci latents fit`): the quick-calibration path when no trained decoder is at hand. Emits a DecodedOutput whose
/// embedding feeds `retrieve` or `mi-readout`.
/// </summary>
[Stage("align.map", Description = "Epoch -> latent embedding with a fitted linear mapping (ridge/Procrustes), for retrieve and mi-readout.")]
public sealed class AlignMapStage : IStage<SignalWindow, DecodedOutput>, IValidatingStage
{
    private readonly LoadedOnce<LinearMapping> _mapping = new();

    [Option("mapping", Required = true, Description = "Mapping file (.safetensors) written by bci latents fit, relative to the pipeline file.")]
    public string Mapping { get; init; } = "";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Mapping)) yield return "mapping: a mapping file is required";
    }

    public IObservable<DecodedOutput> Apply(IObservable<SignalWindow> input, StageContext context) => Observable.Defer(() =>
    {
        var mapping = _mapping.Get(context.ResolvePath(Mapping), LinearMapping.Load);
        var features = mapping.Features ?? throw new InvalidOperationException($"mapping '{Mapping}' reads embeddings, not epochs: it has no feature layout");
        context.Info($"{mapping.Kind.ToString().ToLowerInvariant()} mapping {features.Channels} ch x {features.Samples} samples -> {mapping.OutputDimension}-d '{mapping.SpaceId}'");
        return input.Select(window => new DecodedOutput("align.map", window.EndTime, [], [])
        {
            Embedding = mapping.Map(features.Extract(window)).ToImmutableArray(),
            Event = window.Event,
        });
    });
}
