using Bci.Core.Streams;
using Bci.Hardware.Profiles;

namespace Bci.Hardware.Simulation;

/// <summary>
/// A device profile brought to life: the <see cref="SignalModel"/>'s samples as the device would deliver them, with
/// its faults applied. Dropouts and a disconnect remove samples (their timestamps leave a gap, as a real amplifier's
/// would); jitter and clock drift move timestamps. Counts what it lost so tests can compare with what a pipeline saw.
/// </summary>
public sealed class SimulatedDevice
{
    private readonly FaultSettings _faults;
    private readonly Xoshiro _dropouts;
    private readonly Xoshiro _jitter;
    private long _nextDropout;
    private long _dropoutLeft;
    private bool _disconnected;

    /// <param name="sourceId">LSL source id; default bci-sim-PROFILE-SEED (give a unique one when several sessions share a network).</param>
    public SimulatedDevice(DeviceProfile profile, SimulationSettings settings, string? streamName = null, string? sourceId = null)
    {
        Profile = profile;
        Settings = settings;
        Model = new SignalModel(profile, settings);
        Stream = profile.ToStreamDescription(streamName, Model.Rate, sourceId ?? $"bci-sim-{profile.Id}-{settings.Seed}") with
        {
            Metadata = profile.ToStreamDescription().Metadata.SetItem("simulated", "true").SetItem("paradigm", settings.Paradigm.ToString()),
        };
        _faults = settings.Faults;
        _dropouts = Xoshiro.For(settings.Seed, "dropouts");
        _jitter = Xoshiro.For(settings.Seed, "jitter");
        _nextDropout = NextDropoutAfter(0);
    }

    public DeviceProfile Profile { get; }
    public SimulationSettings Settings { get; }
    public SignalModel Model { get; }
    public StreamDescription Stream { get; }
    public double Rate => Model.Rate;

    public long SamplesGenerated => Model.SamplesProduced;
    public long DroppedSamples { get; private set; }
    public long DisconnectedSamples { get; private set; }
    public int Disconnects { get; private set; }

    /// <summary>
    /// Generates the next <paramref name="count"/> samples; <paramref name="origin"/> is the LSL time of sample 0.
    /// </summary>
    public SimulatedBlock Next(int count, double origin)
    {
        var channels = Stream.ChannelCount;
        var values = new double[count * channels];
        var first = Model.SamplesProduced;
        Model.Generate(values, count);

        var times = new double[count];
        var kept = 0;
        var lost = 0;
        double? disconnected = null, reconnected = null;
        var drift = 1 + _faults.ClockDriftPpm * 1e-6;
        for (var i = 0; i < count; i++)
        {
            var index = first + i;
            var t = index / Rate;
            var off = _faults.DisconnectAt > 0 && t >= _faults.DisconnectAt && t < _faults.DisconnectAt + _faults.DisconnectFor;
            if (off != _disconnected)
            {
                _disconnected = off;
                if (off) { disconnected = t; Disconnects++; }
                else reconnected = t;
            }
            if (off)
            {
                DisconnectedSamples++;
                lost++;
                continue;
            }
            if (_dropoutLeft == 0 && index >= _nextDropout && _faults.DropoutsPerMinute > 0)
            {
                _dropoutLeft = _faults.DropoutLength;
                _nextDropout = NextDropoutAfter(index + _faults.DropoutLength);
            }
            if (_dropoutLeft > 0)
            {
                _dropoutLeft--;
                DroppedSamples++;
                lost++;
                continue;
            }
            if (kept != i) values.AsSpan(i * channels, channels).CopyTo(values.AsSpan(kept * channels, channels));
            times[kept] = origin + t * drift + (_faults.Jitter > 0 ? _faults.Jitter * _jitter.NextGaussian() : 0);
            kept++;
        }
        var chunk = kept == 0 ? null : SampleChunk.Wrap(Stream, values, times, kept);
        return new SimulatedBlock(chunk, disconnected, reconnected, lost);
    }

    private long NextDropoutAfter(long index)
    {
        if (_faults.DropoutsPerMinute <= 0) return long.MaxValue;
        // Exponential waiting time of a Poisson process, at least one sample after the previous dropout.
        var seconds = -Math.Log(1 - _dropouts.NextDouble()) * 60 / _faults.DropoutsPerMinute;
        return index + 1 + (long)(seconds * Rate);
    }
}
