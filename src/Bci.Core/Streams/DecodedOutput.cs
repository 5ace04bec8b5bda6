using System.Collections.Immutable;

namespace Bci.Core.Streams;

/// <summary>
/// What a decoder emits for one window: class probabilities (same order as <see cref="Classes"/>), an optional
/// continuous control value and an optional embedding. <see cref="Timestamp"/> is the LSL time of the data it
/// decodes (the window's end), so latency = time emitted - Timestamp.
/// </summary>
public sealed record DecodedOutput
{
    public DecodedOutput(string decoder, double timestamp, IEnumerable<string> classes, IEnumerable<double> probabilities)
    {
        Decoder = decoder;
        Timestamp = timestamp;
        Classes = classes.ToImmutableArray();
        Probabilities = probabilities.ToImmutableArray();
        if (Classes.Length != Probabilities.Length)
            throw new ArgumentException($"decoder '{decoder}': {Classes.Length} classes but {Probabilities.Length} probabilities");
    }

    public string Decoder { get; }
    public double Timestamp { get; }
    public ImmutableArray<string> Classes { get; }
    public ImmutableArray<double> Probabilities { get; }

    public double? Control { get; init; }
    public ImmutableArray<float> Embedding { get; init; } = ImmutableArray<float>.Empty;

    /// <summary>The event the decoded window was locked to, when it was an epoch.</summary>
    public MarkerEvent? Event { get; init; }

    public int PredictedIndex
    {
        get
        {
            var best = -1;
            for (var i = 0; i < Probabilities.Length; i++)
                if (best < 0 || Probabilities[i] > Probabilities[best]) best = i;
            return best;
        }
    }

    public string? PredictedClass => PredictedIndex >= 0 ? Classes[PredictedIndex] : null;
}
