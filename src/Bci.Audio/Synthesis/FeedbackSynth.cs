using Bci.Audio.Providers;

namespace Bci.Audio.Synthesis;

/// <summary>
/// An endless sine whose frequency and level follow targets set from another thread (a decoded control value).
/// Phase-continuous: the phase is accumulated sample by sample, never reset, so a new frequency bends the wave
/// instead of cutting it. Each target is approached with a one-pole smoother of time constant
/// <see cref="Smoothing"/> (frequency in the log domain, so glides sound even), which bounds how far one sample
/// can move from the previous one: at most 2·sin(π·f_max/fs)·A_max (the sine's own slope) plus the level step
/// (A_max − A_min)·(1 − e^(−1/(τ·fs))).
/// </summary>
public sealed class FeedbackSynth : ISampleProvider
{
    private readonly double _coefficient;
    private double _phase;
    private double _logFrequency;
    private double _amplitude;
    private double _targetLogFrequency;
    private double _targetAmplitude;

    public FeedbackSynth(int sampleRate, int channels, double frequency, double levelDbfs, double smoothing)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (!(smoothing >= 0)) throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "smoothing cannot be negative");
        SampleRate = sampleRate;
        Channels = channels;
        Smoothing = smoothing;
        _coefficient = smoothing == 0 ? 1 : 1 - Math.Exp(-1 / (smoothing * sampleRate));
        SetTarget(frequency, levelDbfs);
        _logFrequency = _targetLogFrequency;
        _amplitude = _targetAmplitude;
    }

    public int SampleRate { get; }
    public int Channels { get; }

    /// <summary>Time constant of the glide to a new target, in seconds.</summary>
    public double Smoothing { get; }

    /// <summary>Frequency and level now (after smoothing).</summary>
    public (double Frequency, double LevelDbfs) Current => (Math.Exp(_logFrequency), Decibels.FromGain(_amplitude));

    /// <summary>Sets where the sound glides to; safe to call from any thread.</summary>
    public void SetTarget(double frequency, double levelDbfs)
    {
        if (!(frequency > 0 && frequency < SampleRate / 2.0))
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, $"frequency must be in (0, {SampleRate / 2.0}) Hz");
        Volatile.Write(ref _targetLogFrequency, Math.Log(frequency));
        Volatile.Write(ref _targetAmplitude, levelDbfs <= -120 ? 0 : Decibels.ToGain(Math.Min(0, levelDbfs)));
    }

    public int Read(Span<float> buffer)
    {
        var frames = buffer.Length / Channels;
        var targetLog = Volatile.Read(ref _targetLogFrequency);
        var targetAmplitude = Volatile.Read(ref _targetAmplitude);
        var step = 2 * Math.PI / SampleRate;
        for (var f = 0; f < frames; f++)
        {
            _logFrequency += _coefficient * (targetLog - _logFrequency);
            _amplitude += _coefficient * (targetAmplitude - _amplitude);
            _phase += step * Math.Exp(_logFrequency);
            if (_phase > 2 * Math.PI) _phase -= 2 * Math.PI;
            buffer.Slice(f * Channels, Channels).Fill((float)(_amplitude * Math.Sin(_phase)));
        }
        return frames;
    }
}
