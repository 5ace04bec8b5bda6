using Bci.Core.Health;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Dsp.Streaming;

/// <summary>
/// Per-subscription checks of the chunks a stage receives. A change of channel count cannot be filtered on (the
/// per-channel state no longer lines up), so it is an error naming the stream, the counts and the time; time going
/// backwards is reported (stream, times, counter "time-reversals") and the samples are still processed, since a
/// filter does not depend on timestamps.
/// </summary>
internal sealed class StreamGuard(StageContext context)
{
    private readonly HealthCounter _reversals = context.Health.Counter("time-reversals");
    private StreamDescription? _stream;
    private double _lastTime = double.NegativeInfinity;

    /// <summary>The first chunk's description (null before the first chunk).</summary>
    public StreamDescription? Stream => _stream;

    /// <summary>Checks <paramref name="chunk"/>; returns true when it is the stream's first chunk.</summary>
    public bool Check(SampleChunk chunk)
    {
        var first = _stream is null;
        if (first)
        {
            _stream = chunk.Stream;
        }
        else if (chunk.ChannelCount != _stream!.ChannelCount)
        {
            throw new InvalidDataException(
                $"stream '{chunk.Stream.Name}' changed from {_stream.ChannelCount} to {chunk.ChannelCount} channels at t={chunk.FirstTimestamp:0.000} s; " +
                "the filter state belongs to the first layout, so the stream must be restarted");
        }

        var times = chunk.Timestamps;
        for (var i = 0; i < times.Length; i++)
        {
            if (times[i] < _lastTime)
            {
                _reversals.Increment();
                context.Warn($"stream '{chunk.Stream.Name}': timestamps go backwards from t={_lastTime:0.000000} s to t={times[i]:0.000000} s " +
                             $"(sample {i} of a {chunk.SampleCount}-sample chunk); samples kept, times as received");
            }
            _lastTime = times[i];
        }
        return first;
    }

    /// <summary>Throws when the stream is irregular (a filter needs a nominal rate).</summary>
    public static double RequireRate(StreamDescription stream, string what)
    {
        if (!stream.IsRegular)
            throw new InvalidDataException($"stream '{stream.Name}' has no nominal rate (irregular); {what} needs a regularly sampled stream");
        return stream.NominalRate;
    }
}
