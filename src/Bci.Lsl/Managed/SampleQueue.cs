using System.Diagnostics;
using System.Numerics;
using Bci.Core.Streams;
using Bci.Lsl.Wire;

namespace Bci.Lsl.Managed;

/// <summary>
/// The inlet's local buffer: a ring of at most <c>capacity</c> samples (values kept as little-endian wire bytes,
/// so every format round-trips bit-exactly; strings as arrays). When full, the oldest sample is dropped and counted,
/// as liblsl's consumer queue does. One producer (the receiving thread), any number of pulling threads.
/// </summary>
internal sealed class SampleQueue(int capacity, ChannelFormat format, int channels, double spinMicroseconds = 0)
{
    private readonly long _spinTicks = (long)(spinMicroseconds * 1e-6 * Stopwatch.Frequency);
    private readonly object _gate = new();
    private readonly double[] _timestamps = new double[capacity];
    private readonly long[] _arrivals = new long[capacity]; // Stopwatch ticks when each sample entered the buffer (benchmark diagnostics)
    private readonly byte[]? _values = format == ChannelFormat.String ? null : new byte[(long)capacity * channels * format.ValueSize()];
    private readonly string[][]? _strings = format == ChannelFormat.String ? new string[capacity][] : null;
    private readonly int _sampleBytes = channels * format.ValueSize();
    private int _head;
    private int _count;
    private long _dropped;
    private Exception? _fault;

    public int Count { get { lock (_gate) return _count; } }

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Adds <paramref name="count"/> samples whose values start at <paramref name="valueOffsets"/> in <paramref name="buffer"/>, under one lock.</summary>
    public void AddNumeric(ReadOnlySpan<double> timestamps, byte[] buffer, ReadOnlySpan<int> valueOffsets, int count)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                var slot = Reserve();
                _timestamps[slot] = timestamps[i];
                _arrivals[slot] = now;
                buffer.AsSpan(valueOffsets[i], _sampleBytes).CopyTo(_values.AsSpan(slot * _sampleBytes, _sampleBytes));
            }
            Monitor.PulseAll(_gate);
        }
    }

    public void AddStrings(double timestamp, string[] values)
    {
        lock (_gate)
        {
            var slot = Reserve();
            _timestamps[slot] = timestamp;
            _strings![slot] = values;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Drops all but the newest <paramref name="keep"/> samples (latest-only policy); returns how many went.</summary>
    public int DropAllBut(int keep)
    {
        lock (_gate)
        {
            var drop = Math.Max(0, _count - keep);
            _head = (_head + drop) % capacity;
            _count -= drop;
            Interlocked.Add(ref _dropped, drop);
            return drop;
        }
    }

    /// <summary>Makes waiting and later pulls fail with <paramref name="fault"/> once the buffer is empty.</summary>
    public void Fail(Exception fault)
    {
        lock (_gate)
        {
            _fault = fault;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Copies up to <paramref name="maxSamples"/> samples, waiting up to <paramref name="timeout"/> for the first;
    /// when <paramref name="arrivals"/> is not empty it receives the Stopwatch ticks at which each sample entered the buffer.
    /// </summary>
    public int TakeNumeric<T>(Span<T> values, Span<double> timestamps, int maxSamples, TimeSpan timeout, Span<long> arrivals = default) where T : unmanaged, INumberBase<T>
    {
        if (timeout > TimeSpan.Zero) SpinForData();
        lock (_gate)
        {
            if (!WaitForData(timeout)) return 0;
            var n = Math.Min(_count, maxSamples);
            for (var i = 0; i < n; i++)
            {
                var slot = (_head + i) % capacity;
                timestamps[i] = _timestamps[slot];
                if (i < arrivals.Length) arrivals[i] = _arrivals[slot];
                ValueConverter.Read(_values.AsSpan(slot * _sampleBytes, _sampleBytes), format, values.Slice(i * channels, channels));
            }
            _head = (_head + n) % capacity;
            _count -= n;
            return n;
        }
    }

    /// <summary>One string sample (numeric streams give their values as text).</summary>
    public bool TakeStrings(string[] values, TimeSpan timeout, out double timestamp)
    {
        lock (_gate)
        {
            timestamp = 0;
            if (!WaitForData(timeout)) return false;
            var slot = _head;
            timestamp = _timestamps[slot];
            if (_strings is not null)
            {
                _strings[slot].AsSpan(0, Math.Min(values.Length, channels)).CopyTo(values);
                _strings[slot] = null!;
            }
            else
            {
                var size = format.ValueSize();
                for (var c = 0; c < Math.Min(values.Length, channels); c++)
                    values[c] = ValueConverter.ToText(_values.AsSpan(slot * _sampleBytes + c * size, size), format);
            }
            _head = (_head + 1) % capacity;
            _count--;
            return true;
        }
    }

    // The optional spin before blocking: watches the count without the lock for up to the spin time.
    private void SpinForData()
    {
        if (_spinTicks <= 0 || Volatile.Read(ref _count) > 0) return;
        var until = Stopwatch.GetTimestamp() + _spinTicks;
        while (Volatile.Read(ref _count) == 0 && Volatile.Read(ref _fault) is null && Stopwatch.GetTimestamp() < until)
            Thread.SpinWait(10); // a fixed pause; SpinWait.SpinOnce would yield or sleep the thread after a few rounds
    }

    private bool WaitForData(TimeSpan timeout)
    {
        if (_count > 0) return true;
        if (_fault is not null) throw _fault;
        if (timeout <= TimeSpan.Zero) return false;
        var deadline = DateTime.UtcNow + timeout;
        while (_count == 0)
        {
            if (_fault is not null) throw _fault;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return false;
            Monitor.Wait(_gate, left > TimeSpan.FromMinutes(10) ? TimeSpan.FromMinutes(10) : left);
        }
        return true;
    }

    private int Reserve()
    {
        if (_count == capacity)
        {
            _head = (_head + 1) % capacity;
            _count--;
            Interlocked.Increment(ref _dropped);
        }
        var slot = (_head + _count) % capacity;
        _count++;
        return slot;
    }
}
