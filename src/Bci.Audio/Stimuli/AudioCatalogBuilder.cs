namespace Bci.Audio.Stimuli;

/// <summary>Frames a stimulus folder and encodes it in batches: the entries (segment + latent) a latent catalog is built from.</summary>
public static class AudioCatalogBuilder
{
    public static IReadOnlyList<(AudioSegment Segment, float[] Latent)> Build(string directory, IAudioEncoder encoder, CancellationToken cancellation = default)
    {
        var framer = new AudioStimulusFramer(encoder.Framing);
        var result = new List<(AudioSegment, float[])>();
        var batch = new List<AudioSegment>(encoder.Framing.Batch);
        void Flush()
        {
            if (batch.Count == 0) return;
            var latents = encoder.Encode(batch, cancellation);
            if (latents.Length != batch.Count)
                throw new InvalidOperationException($"the encoder returned {latents.Length} latents for {batch.Count} segments");
            if (result.Count > 0 && latents.Any(l => l.Length != result[0].Item2.Length))
                throw new InvalidOperationException("the encoder returned latents of different lengths");
            result.AddRange(batch.Zip(latents));
            batch.Clear();
        }
        foreach (var segment in framer.Frame(directory))
        {
            cancellation.ThrowIfCancellationRequested();
            batch.Add(segment);
            if (batch.Count == encoder.Framing.Batch) Flush();
        }
        Flush();
        return result;
    }
}
