using System.Reactive.Concurrency;
using Bci.Audio.Providers;
using Bci.Core.Time;

namespace Bci.Audio.Output;

/// <summary>
/// Feeds an output from a mixer, one period at a time, on a scheduler (the run's scheduler: virtual time in tests).
/// Sounds handed to <see cref="Play"/> join the mix at the next period and their onset is stamped on the pipeline
/// clock as: time of the write + (output delay before the write + frames ahead of the sound in that write) / rate,
/// which is when the first sample reaches the listener as far as the output can tell (ALSA includes the device's
/// own delay). Sounds at another rate are resampled to the output rate.
/// </summary>
public sealed class AudioPlayer : IDisposable
{
    private readonly IClock _clock;
    private readonly IScheduler _scheduler;
    private readonly float[] _block;
    private readonly object _pumpGate = new();
    private readonly List<(long Frame, Action<double> Onset)> _onsets = [];
    private IDisposable? _ticks;
    private long _blockStartFrame;
    private bool _disposed;

    public AudioPlayer(IAudioOutput output, IClock clock, IScheduler scheduler)
    {
        Output = output;
        _clock = clock;
        _scheduler = scheduler;
        Mixer = new MixerProvider(output.SampleRate, output.Channels);
        _block = new float[output.PeriodFrames * output.Channels];
    }

    public IAudioOutput Output { get; }

    public MixerProvider Mixer { get; }

    /// <summary>The latency the output declares: its whole buffer, in seconds (the most a frame can wait before it is heard).</summary>
    public double BufferLatency => Output.BufferFrames / (double)Output.SampleRate;

    /// <summary>The delay the output reported at the last write, in seconds (the latency the onsets were corrected by).</summary>
    public double LastDelay { get; private set; }

    /// <summary>Largest delay seen at a write, in seconds.</summary>
    public double MaxDelay { get; private set; }

    /// <summary>Periods written so far.</summary>
    public long PeriodsWritten { get; private set; }

    /// <summary>Queues a sound; <paramref name="onset"/> receives the LSL time its first sample is heard.</summary>
    public void Play(ISampleProvider sound, Action<double>? onset = null)
    {
        var source = sound.SampleRate == Output.SampleRate ? sound : new ResamplingProvider(sound, Output.SampleRate);
        Mixer.Add(source, onset is null ? null : frame => _onsets.Add((frame, onset)));
    }

    /// <summary>Starts feeding the output every half period.</summary>
    public void Start()
    {
        if (_ticks is not null) return;
        Pump();
        var interval = TimeSpan.FromSeconds(Output.PeriodFrames / (double)Output.SampleRate / 2);
        _ticks = _scheduler.SchedulePeriodic(interval, Pump);
    }

    /// <summary>Writes as many periods as the output accepts now.</summary>
    public void Pump()
    {
        lock (_pumpGate)
        {
            if (_disposed) return;
            // At most one buffer per call: a device that takes frames faster than real time (ALSA's null) must not spin here.
            var periods = Output.BufferFrames / Output.PeriodFrames + 1;
            while (periods-- > 0 && Output.AvailableFrames() >= Output.PeriodFrames)
            {
                // Mix first, then ask for the delay right before the write: time spent mixing (a sound's first use
                // compiles code) must not pass between the stamp and the write, or the sound is heard later than stamped.
                _blockStartFrame = Mixer.FramesRead;
                Mixer.Read(_block);
                var delay = Output.DelayFrames();
                LastDelay = delay / (double)Output.SampleRate;
                MaxDelay = Math.Max(MaxDelay, LastDelay);
                var blockStartTime = _clock.Now + LastDelay;
                Output.Write(_block);
                PeriodsWritten++;
                foreach (var (frame, onset) in _onsets) onset(blockStartTime + (frame - _blockStartFrame) / (double)Output.SampleRate);
                _onsets.Clear();
            }
        }
    }

    /// <summary>True when no sound is playing or waiting (the output may still hold its tail).</summary>
    public bool NothingQueued => Mixer.ActiveCount == 0;

    public void Dispose()
    {
        lock (_pumpGate)
        {
            if (_disposed) return;
            _disposed = true;
            _ticks?.Dispose();
            try
            {
                Output.Drain();
            }
            finally
            {
                Output.Dispose();
            }
        }
    }
}
