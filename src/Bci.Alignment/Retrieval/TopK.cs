namespace Bci.Alignment.Retrieval;

/// <summary>
/// The k largest scores seen so far, as a min-heap on the score (the root is the weakest kept entry, so most
/// candidates are rejected with one comparison). Not thread-safe: one per scan.
/// </summary>
internal sealed class TopK
{
    private readonly float[] _scores;
    private readonly int[] _indices;

    public TopK(int k)
    {
        if (k <= 0) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be > 0");
        _scores = new float[k];
        _indices = new int[k];
    }

    public int Count { get; private set; }
    public int Capacity => _scores.Length;

    /// <summary>A score must beat this to enter (negative infinity until full).</summary>
    public float Threshold => Count < Capacity ? float.NegativeInfinity : _scores[0];

    public void Offer(int index, float score)
    {
        if (Count < Capacity)
        {
            var i = Count++;
            _scores[i] = score;
            _indices[i] = index;
            SiftUp(i);
        }
        else if (score > _scores[0] || (score == _scores[0] && index < _indices[0]))
        {
            _scores[0] = score;
            _indices[0] = index;
            SiftDown(0);
        }
    }

    /// <summary>Entries best first (ties: lower index first, so results are deterministic).</summary>
    public (int Index, float Score)[] Sorted()
    {
        var result = new (int, float)[Count];
        for (var i = 0; i < Count; i++) result[i] = (_indices[i], _scores[i]);
        Array.Sort(result, (a, b) => b.Item2.CompareTo(a.Item2) is var c && c != 0 ? c : a.Item1.CompareTo(b.Item1));
        return result;
    }

    public void Clear() => Count = 0;

    // "Worse" = lower score, or equal score and higher index; the root holds the worst kept entry.
    private bool Worse(int a, int b) => _scores[a] < _scores[b] || (_scores[a] == _scores[b] && _indices[a] > _indices[b]);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Worse(i, parent)) return;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = 2 * i + 1;
            if (left >= Count) return;
            var worst = left + 1 < Count && Worse(left + 1, left) ? left + 1 : left;
            if (!Worse(worst, i)) return;
            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_indices[a], _indices[b]) = (_indices[b], _indices[a]);
    }
}
