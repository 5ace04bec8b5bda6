using System.Collections.Immutable;
using Bci.Core.Streams;

namespace Bci.Alignment.Retrieval;

/// <summary>
/// The gallery items nearest to one decoded epoch: best first, with cosine scores. <see cref="Timestamp"/> is the
/// decoded data's time (LSL clock); <see cref="Event"/> the stimulus marker the epoch was locked to, if any.
/// </summary>
public sealed record RetrievalResult(string SpaceId, double Timestamp, MarkerEvent? Event, ImmutableArray<RetrievalHit> Hits)
{
    public RetrievalHit? Best => Hits.IsDefaultOrEmpty ? null : Hits[0];

    public override string ToString() =>
        $"retrieve @ {Timestamp:0.000} s{(Event is null ? "" : $" ({Event.Value})")}: {string.Join(", ", Hits.Select(h => h.ToString()))}";
}
