using Bci.Core.Health;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Filters;

namespace Bci.Dsp.Streaming;

/// <summary>
/// Applies a <see cref="SosFilter"/> to the chunks of one stream and takes care of invalid samples: a NaN or an
/// infinity would poison an IIR filter's state for good, so such a sample is fed to the filter as 0, comes out as
/// NaN (a downstream dsp.reject then rejects the windows that contain it), is counted ("non-finite-samples") and
/// reported with stream, channel and time; when the burst ends the channel restarts from the steady state of its
/// first valid sample.
/// </summary>
internal sealed class ChunkFilter
{
    private readonly SosFilter _filter;
    private readonly StageContext _context;
    private readonly bool[] _inBurst;
    private readonly double[] _row;
    private readonly HealthCounter _nonFinite;

    public ChunkFilter(SecondOrderSections sos, int channels, StageContext context)
    {
        _filter = new SosFilter(sos, channels);
        _context = context;
        _inBurst = new bool[channels];
        _row = new double[channels];
        _nonFinite = context.Health.Counter("non-finite-samples");
    }

    public SampleChunk Apply(SampleChunk chunk)
    {
        var values = chunk.Values;
        var output = GC.AllocateUninitializedArray<double>(values.Length);   // every value is written below
        if (!Finite.HasNonFinite(values) && !AnyBurst())
            _filter.Process(values, output);
        else
            ProcessWithInvalidSamples(chunk, output);
        return SampleChunk.Wrap(chunk.Stream, output, chunk.Timestamps.ToArray(), timesCorrected: chunk.TimesCorrected);
    }

    private bool AnyBurst()
    {
        foreach (var b in _inBurst) if (b) return true;
        return false;
    }

    private void ProcessWithInvalidSamples(SampleChunk chunk, double[] output)
    {
        var c = chunk.ChannelCount;
        var values = chunk.Values;
        for (var s = 0; s < chunk.SampleCount; s++)
        {
            for (var ch = 0; ch < c; ch++)
            {
                var x = values[s * c + ch];
                if (double.IsFinite(x))
                {
                    if (_inBurst[ch])
                    {
                        _inBurst[ch] = false;
                        _filter.SetSteadyState(ch, x);
                        _context.Info($"stream '{chunk.Stream.Name}' channel '{chunk.Stream.Channels[ch].Label}': valid again from t={chunk.Timestamps[s]:0.000000} s; filter restarted");
                    }
                    _row[ch] = x;
                }
                else
                {
                    if (!_inBurst[ch])
                    {
                        _inBurst[ch] = true;
                        _context.Warn($"stream '{chunk.Stream.Name}' channel '{chunk.Stream.Channels[ch].Label}' (index {ch}): {x} at t={chunk.Timestamps[s]:0.000000} s; " +
                                      "output is NaN until the channel is valid again");
                    }
                    _nonFinite.Increment();
                    _row[ch] = 0;
                }
            }
            var outRow = output.AsSpan(s * c, c);
            _filter.Process(_row, outRow);
            for (var ch = 0; ch < c; ch++)
                if (_inBurst[ch]) outRow[ch] = double.NaN;
        }
    }
}
