using System.Collections.Concurrent;
using Bci.Core.Time;

namespace Bci.Cli.Bench;

/// <summary>
/// The clock readings of one latency run, all on the LSL clock: when each sample was pushed, and, for each window
/// (keyed by its end sample index, i.e. the index of its last sample + 1), when the pipeline cut it, when the
/// decoder produced its output, and when a consumer pulled that output from LSL. Samples are stamped with their
/// nominal times (origin + index / rate), so a window's end time maps back to its last sample exactly.
/// </summary>
public sealed class LatencyTrace
{
    private readonly ConcurrentDictionary<long, double> _cut = new();
    private readonly ConcurrentDictionary<long, double> _decoded = new();
    private readonly ConcurrentDictionary<long, double> _received = new();
    private long _unmatched;

    public LatencyTrace(double rate, long samples)
    {
        Rate = rate;
        PushTimes = new double[samples];
        Array.Fill(PushTimes, double.NaN);
        ArrivalTimes = new double[samples];
        Array.Fill(ArrivalTimes, double.NaN);
    }

    public double Rate { get; }

    /// <summary>Nominal LSL time of sample 0.</summary>
    public double Origin { get; set; }

    /// <summary>LSL clock just before each sample was pushed (NaN: not pushed).</summary>
    public double[] PushTimes { get; }

    /// <summary>LSL clock when the chunk holding each sample left the pipeline's LSL inlet (NaN: not seen).</summary>
    public double[] ArrivalTimes { get; }

    public IReadOnlyDictionary<long, double> Cut => _cut;
    public IReadOnlyDictionary<long, double> Decoded => _decoded;
    public IReadOnlyDictionary<long, double> Received => _received;

    /// <summary>Outputs whose timestamp did not map to a pushed sample (should stay 0).</summary>
    public long Unmatched => Interlocked.Read(ref _unmatched);

    public double TimestampOf(long sample) => Origin + sample / Rate;

    /// <summary>The end index (last sample + 1) of a window ending at <paramref name="endTime"/> (LSL seconds).</summary>
    public long EndIndexOf(double endTime) => (long)Math.Round((endTime - Origin) * Rate);

    /// <summary>Notes the samples stamped <paramref name="first"/> .. <paramref name="last"/> as arrived now.</summary>
    public void MarkArrived(double first, double last)
    {
        var now = LslClock.LocalClock();
        var from = Math.Max(0, (long)Math.Round((first - Origin) * Rate));
        var to = Math.Min(ArrivalTimes.Length - 1, (long)Math.Round((last - Origin) * Rate));
        for (var i = from; i <= to; i++) ArrivalTimes[i] = now;
    }

    public void MarkCut(double endTime) => Mark(_cut, endTime, LslClock.LocalClock());

    public void MarkDecoded(double endTime) => Mark(_decoded, endTime, LslClock.LocalClock());

    public void MarkReceived(double endTime, double now) => Mark(_received, endTime, now);

    private void Mark(ConcurrentDictionary<long, double> into, double endTime, double now)
    {
        var end = EndIndexOf(endTime);
        // Clock sync may move stamps by microseconds; anything further off is not one of our windows.
        if (end < 1 || end > PushTimes.Length || Math.Abs((endTime - TimestampOf(end)) * Rate) > 0.25)
        {
            Interlocked.Increment(ref _unmatched);
            return;
        }
        into.TryAdd(end, now);
    }
}
