namespace Bci.Hardware.Simulation;

/// <summary>
/// The images a visual session shows: their names (the marker values) and one latent vector each (N x D, row-major).
/// Latents come from a world model's catalog when one is given; <see cref="Synthetic"/> makes reproducible ones.
/// </summary>
public sealed class StimulusSet
{
    private readonly float[] _latents;

    public StimulusSet(IReadOnlyList<string> names, int dimension, float[] latents)
    {
        if (names.Count == 0) throw new ArgumentException("a stimulus set needs at least one stimulus", nameof(names));
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "latent dimension must be positive");
        if (latents.Length != names.Count * dimension)
            throw new ArgumentException($"{latents.Length} latent values do not make {names.Count} stimuli x {dimension} dimensions", nameof(latents));
        Names = names;
        Dimension = dimension;
        _latents = latents;
    }

    public IReadOnlyList<string> Names { get; }
    public int Dimension { get; }
    public int Count => Names.Count;

    public ReadOnlySpan<float> Latent(int index) => _latents.AsSpan(index * Dimension, Dimension);

    /// <summary>Stimuli "img-000".."img-(n-1)" with standard-normal latents drawn from <paramref name="seed"/>.</summary>
    public static StimulusSet Synthetic(int count = 12, int dimension = 16, int seed = 1)
    {
        var random = Xoshiro.For(seed, "stimulus-latents");
        var latents = new float[count * dimension];
        for (var i = 0; i < latents.Length; i++) latents[i] = (float)random.NextGaussian();
        return new StimulusSet(Enumerable.Range(0, count).Select(i => $"img-{i:000}").ToArray(), dimension, latents);
    }
}
