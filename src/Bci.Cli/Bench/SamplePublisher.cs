using Bci.Core.Streams;
using Bci.Core.Time;
using Bci.Hardware.Profiles;
using Bci.Hardware.Simulation;
using Bci.Lsl;
using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Cli.Bench;

/// <summary>
/// The simulated amplifier of the latency benchmark. Its signal (the device simulator's, in the vendor's unit, as
/// a vendor app would publish it) is generated before the run, so generation costs nothing while samples are
/// pushed; then each chunk (default: each sample) is pushed over a managed LSL outlet as soon as its last sample
/// is due, stamped with its nominal time, and the LSL clock just before the push is written to the trace.
/// </summary>
public sealed class SamplePublisher : IDisposable
{
    private readonly float[] _values;
    private readonly double[] _toVolts;
    private readonly int _channels;
    private readonly LslStreamInfo _info;
    private LslOutlet? _outlet;

    public SamplePublisher(DeviceProfile profile, double rate, long samples, int seed, string sourceId)
    {
        var device = new SimulatedDevice(profile, new SimulationSettings { Rate = rate, Seed = seed }, "bench-" + profile.Id);
        Stream = device.Stream with { SourceId = sourceId };
        _channels = Stream.ChannelCount;
        var toVendorUnit = profile.Channels.Select(c => c.Type is "MAG" or "GRAD" or "TRIG" or "MISC" ? 1.0 : 1.0 / profile.ScaleToSi).ToArray();
        _toVolts = toVendorUnit.Select(f => 1 / f).ToArray();
        _values = new float[samples * _channels];
        const int Block = 1000;
        for (long done = 0; done < samples;)
        {
            var count = (int)Math.Min(Block, samples - done);
            var chunk = device.Next(count, 0).Chunk ?? throw new InvalidOperationException("the simulated device lost samples although no fault was configured");
            var values = chunk.Values;
            var offset = done * _channels;
            for (var i = 0; i < values.Length; i++) _values[offset + i] = (float)(values[i] * toVendorUnit[i % _channels]);
            done += chunk.SampleCount;
        }
        Samples = samples;
        _info = LslStreamInfo.FromDescription(Stream, ChannelFormat.Float32);
        foreach (var (channel, i) in _info.Desc.Element("channels")!.Elements("channel").Select((c, i) => (c, i)))
            channel.Element("unit")!.Value = profile.Channels[i].Unit;
    }

    /// <summary>Opens the LSL outlet (the stream becomes visible); before this the publisher only holds the signal.</summary>
    public void Open(LslConfig config) => _outlet ??= new LslOutlet(_info, new LslOutletOptions { Config = config });

    private LslOutlet Outlet => _outlet ?? throw new InvalidOperationException("the publisher's outlet is not open");

    public StreamDescription Stream { get; }
    public long Samples { get; }

    /// <summary>Samples [start, start + length) in volts, channel-major (C x T), as a decoder takes them.</summary>
    public float[] WindowInVolts(long start, int length)
    {
        var window = new float[_channels * length];
        for (var t = 0; t < length; t++)
            for (var c = 0; c < _channels; c++)
                window[c * length + t] = (float)(_values[(start + t) * _channels + c] * _toVolts[c]);
        return window;
    }

    public bool WaitForConsumers(double seconds) => Outlet.WaitForConsumers(seconds);

    /// <summary>
    /// Pushes every sample in real time, <paramref name="chunk"/> samples per push, from <see cref="LatencyTrace.Origin"/>
    /// on; sleeps (never spins) between pushes, so a late wake-up pushes what has fallen due at once.
    /// </summary>
    public void Run(LatencyTrace trace, int chunk, CancellationToken cancellation)
    {
        var outlet = Outlet;
        var stamps = new double[chunk];
        long next = 0;
        while (next < Samples && !cancellation.IsCancellationRequested)
        {
            var count = (int)Math.Min(chunk, Samples - next);
            var due = trace.TimestampOf(next + count - 1);
            var wait = due - LslClock.LocalClock();
            if (wait > 0)
            {
                // Sleep granularity is ~1 ms; waking a little late only delays the push, whose time is recorded.
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Max(1, Math.Floor(wait * 1000))));
                continue;
            }
            for (var i = 0; i < count; i++) stamps[i] = trace.TimestampOf(next + i);
            var now = LslClock.LocalClock();
            for (var i = 0; i < count; i++) trace.PushTimes[next + i] = now;
            var values = _values.AsSpan((int)(next * _channels), count * _channels);
            if (count == 1) outlet.PushSample<float>(values, stamps[0]);
            else outlet.PushChunk<float>(values, stamps.AsSpan(0, count));
            next += count;
        }
    }

    public void Dispose() => _outlet?.Dispose();
}
