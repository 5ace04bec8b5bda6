namespace Bci.Dsp.Streaming;

/// <summary>
/// The most recent samples of a stream, channel-major in a ring (so cutting a C x T window is C contiguous copies),
/// addressed by absolute sample index since the stream started. Grows its capacity when asked to hold more; no
/// allocation in steady state.
/// </summary>
internal sealed class SampleHistory
{
    private readonly int _channels;
    private double[] _values;
    private double[] _times;
    private int _capacity;

    public SampleHistory(int channels, int capacity)
    {
        _channels = channels;
        _capacity = Math.Max(capacity, 16);
        _values = new double[_capacity * channels];
        _times = new double[_capacity];
    }

    /// <summary>Absolute index of the next sample to arrive (= samples received so far).</summary>
    public long End { get; private set; }

    /// <summary>Absolute index of the oldest sample still held.</summary>
    public long Start => Math.Max(0, End - _capacity);

    public int Capacity => _capacity;

    public double TimeAt(long index) => _times[(int)(index % _capacity)];

    /// <summary>Appends sample-major values (whole samples) with their times, overwriting the oldest samples.</summary>
    public void Append(ReadOnlySpan<double> sampleMajor, ReadOnlySpan<double> times)
    {
        var c = _channels;
        for (var s = 0; s < times.Length; s++)
        {
            var slot = (int)(End % _capacity);
            _times[slot] = times[s];
            var row = sampleMajor.Slice(s * c, c);
            for (var ch = 0; ch < c; ch++) _values[ch * _capacity + slot] = row[ch];
            End++;
        }
    }

    /// <summary>Makes room for at least <paramref name="capacity"/> samples, keeping what is held.</summary>
    public void EnsureCapacity(int capacity)
    {
        if (capacity <= _capacity) return;
        var start = Start;
        var values = new double[capacity * _channels];
        var times = new double[capacity];
        for (var i = start; i < End; i++)
        {
            var from = (int)(i % _capacity);
            var to = (int)(i % capacity);
            times[to] = _times[from];
            for (var ch = 0; ch < _channels; ch++) values[ch * capacity + to] = _values[ch * _capacity + from];
        }
        _values = values;
        _times = times;
        _capacity = capacity;
    }

    /// <summary>Copies samples [first, first + count) of every channel into channel-major <paramref name="destination"/>.</summary>
    public void CopyWindow(long first, int count, Span<double> destination)
    {
        if (first < Start || first + count > End)
            throw new ArgumentOutOfRangeException(nameof(first), $"samples {first}..{first + count - 1} are not held (held: {Start}..{End - 1})");
        var slot = (int)(first % _capacity);
        var head = Math.Min(count, _capacity - slot);
        for (var ch = 0; ch < _channels; ch++)
        {
            var row = _values.AsSpan(ch * _capacity, _capacity);
            var target = destination.Slice(ch * count, count);
            row.Slice(slot, head).CopyTo(target);
            if (head < count) row.Slice(0, count - head).CopyTo(target.Slice(head));
        }
    }

    /// <summary>
    /// Index of the held sample whose time is nearest <paramref name="time"/> (binary search; times are assumed
    /// non-decreasing), or -1 when nothing is held.
    /// </summary>
    public long NearestIndex(double time)
    {
        if (End == 0) return -1;
        long lo = Start, hi = End - 1;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (TimeAt(mid) < time) lo = mid + 1;
            else hi = mid;
        }
        // lo: first sample with time >= target (or the last one); the one before may be nearer.
        if (lo > Start && Math.Abs(TimeAt(lo - 1) - time) <= Math.Abs(TimeAt(lo) - time)) lo--;
        return lo;
    }
}
