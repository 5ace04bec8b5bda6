using System.Diagnostics;
using Bci.Core.Streams;
using Bci.Core.Time;
using Bci.Hardware.Profiles;
using Bci.Lsl;
using Bci.Lsl.Info;

namespace Bci.Hardware.Simulation;

/// <summary>
/// A simulated device on the network, as its vendor app would publish it: the profile's LSL name and type, values in
/// the vendor's unit (microvolts for EEG), one outlet for the signal and one for the cue markers ("&lt;name&gt;-markers",
/// type Markers). A simulated disconnect closes the signal outlet and a reconnect opens a new one with the same
/// source id, so inlets see the stream vanish and come back as with a real amplifier.
/// </summary>
public sealed class SimulatedLslDevice : IDisposable
{
    private readonly SimulatedDevice _device;
    private readonly LslOutletOptions _options;
    private readonly LslStreamInfo _signalInfo;
    private readonly double[] _toVendorUnit;
    private readonly IEnumerator<Cue> _cues;
    private LslOutlet? _signal;
    private readonly LslOutlet _markers;
    private Cue? _nextCue;
    private long _samplesPushed;
    private long _markersPushed;

    public SimulatedLslDevice(DeviceProfile profile, SimulationSettings settings, string? name = null, LslOutletOptions? options = null, string? sourceId = null)
    {
        _device = new SimulatedDevice(profile, settings, name, sourceId);
        _options = options ?? new LslOutletOptions();
        var stream = _device.Stream;
        // Vendor apps publish EEG in their unit (microvolts), MEG in SI: undo the model's SI scale per channel.
        _toVendorUnit = profile.Channels.Select(c => c.Type is "MAG" or "GRAD" or "TRIG" or "MISC" ? 1.0 : 1.0 / profile.ScaleToSi).ToArray();
        _signalInfo = LslStreamInfo.FromDescription(stream, ChannelFormat.Float32, unitOverride: null);
        foreach (var (channel, i) in _signalInfo.Desc.Element("channels")!.Elements("channel").Select((c, i) => (c, i)))
            channel.Element("unit")!.Value = profile.Channels[i].Unit;
        _signal = new LslOutlet(_signalInfo, _options);
        MarkerStream = new StreamDescription(stream.Name + "-markers", "Markers", [new ChannelInfo("cue", "Markers", "")],
            StreamDescription.IrregularRate, ChannelFormat.String, stream.SourceId + "-markers");
        _markers = new LslOutlet(LslStreamInfo.FromDescription(MarkerStream), _options);
        _cues = CueSchedule.Cues(settings).GetEnumerator();
        _nextCue = _cues.MoveNext() ? _cues.Current : null;
    }

    public StreamDescription Stream => _device.Stream;
    public StreamDescription MarkerStream { get; }
    public SimulatedDevice Device => _device;
    public long SamplesPushed => Interlocked.Read(ref _samplesPushed);
    public long MarkersPushed => Interlocked.Read(ref _markersPushed);
    public int Consumers => _signal?.ConsumerCount ?? 0;
    public int MarkerConsumers => _markers.ConsumerCount;

    /// <summary>LSL time of the first sample (NaN until <see cref="RunAsync"/> starts).</summary>
    public double Origin { get; private set; } = double.NaN;
    public bool Connected => _signal is not null;

    /// <summary>Called with a line for each disconnect and reconnect.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Publishes in real time until <paramref name="duration"/> seconds of signal were generated (0 = until
    /// cancelled), in chunks of <paramref name="chunk"/> samples (0 = about 20 ms).
    /// </summary>
    /// <param name="fastForward">
    /// Seconds of session that lie in the past when publishing starts: they are generated and pushed as fast as
    /// possible, stamped as if recorded during the last <paramref name="fastForward"/> seconds, so that a block
    /// (e.g. a calibration run) is available at once and the live part that follows is on the LSL clock.
    /// </param>
    public async Task RunAsync(double duration, int chunk = 0, CancellationToken cancellation = default, double fastForward = 0)
    {
        if (!(fastForward >= 0)) throw new ArgumentOutOfRangeException(nameof(fastForward), fastForward, "fast-forward must be 0 s or more");
        var rate = _device.Rate;
        if (chunk <= 0) chunk = Math.Max(1, (int)Math.Round(rate * 0.02));
        var total = duration > 0 ? (long)Math.Round(duration * rate) : long.MaxValue;
        var clock = _options.Clock;
        var origin = clock.Now - fastForward;
        Origin = origin;
        var wall = Stopwatch.StartNew();
        var channels = Stream.ChannelCount;
        var buffer = new float[chunk * channels];
        while (!cancellation.IsCancellationRequested && _device.SamplesGenerated < total)
        {
            var count = (int)Math.Min(chunk, total - _device.SamplesGenerated);
            var due = (_device.SamplesGenerated + count) / rate - fastForward;
            var wait = due - wall.Elapsed.TotalSeconds;
            if (wait > 0)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(wait), cancellation).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
            var block = _device.Next(count, origin);
            if (block.DisconnectedAt is { } off)
            {
                _signal?.Dispose();
                _signal = null;
                Log?.Invoke($"simulated device '{Stream.Name}' disconnected at {off:0.00} s (outlet closed)");
            }
            if (block.ReconnectedAt is { } on)
            {
                _signal = new LslOutlet(_signalInfo, _options);
                Log?.Invoke($"simulated device '{Stream.Name}' reconnected at {on:0.00} s (new outlet, same source id)");
            }
            if (block.Chunk is { } c && _signal is not null)
            {
                var values = c.Values;
                var span = buffer.AsSpan(0, c.SampleCount * channels);
                for (var i = 0; i < span.Length; i++) span[i] = (float)(values[i] * _toVendorUnit[i % channels]);
                _signal.PushChunk<float>(span, c.Timestamps);
                Interlocked.Add(ref _samplesPushed, c.SampleCount);
            }
            var now = _device.SamplesGenerated / rate;
            while (_nextCue is not null && _nextCue.Onset <= now)
            {
                _markers.PushStrings([_nextCue.Value], origin + _nextCue.Onset);
                Interlocked.Increment(ref _markersPushed);
                _nextCue = _cues.MoveNext() ? _cues.Current : null;
            }
        }
    }

    public void Dispose()
    {
        _signal?.Dispose();
        _markers.Dispose();
        _cues.Dispose();
    }
}
