namespace Bci.Audio.Providers;

/// <summary>
/// A sine tone of a given frequency, level (dBFS, peak) and duration, with raised-cosine attack and release ramps
/// so that it starts and stops without a click: the ramps' slope is smooth at both ends, which keeps the energy
/// they add far from the tone's frequency small. The phase is computed from the frame index, so it does not
/// drift however long the tone is.
/// </summary>
public sealed class ToneProvider : ISampleProvider
{
    private readonly long _totalFrames;
    private readonly long _attackFrames;
    private readonly long _releaseFrames;
    private readonly double _amplitude;
    private readonly double _phasePerFrame;
    private long _frame;

    /// <param name="duration">Seconds; <see cref="double.PositiveInfinity"/> for a tone that never ends (no release).</param>
    public ToneProvider(int sampleRate, int channels, double frequency, double levelDbfs, double duration, double attack = 0.005, double release = 0.005)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (!(frequency >= 0 && frequency < sampleRate / 2.0))
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, $"tone frequency must be in [0, {sampleRate / 2.0}) Hz at {sampleRate} Hz");
        if (double.IsNaN(levelDbfs) || levelDbfs > 0) throw new ArgumentOutOfRangeException(nameof(levelDbfs), levelDbfs, "level must be at most 0 dBFS");
        if (!(duration > 0)) throw new ArgumentOutOfRangeException(nameof(duration), duration, "duration must be positive");
        if (!(attack >= 0) || !(release >= 0)) throw new ArgumentOutOfRangeException(nameof(attack), "attack and release cannot be negative");
        SampleRate = sampleRate;
        Channels = channels;
        Frequency = frequency;
        LevelDbfs = levelDbfs;
        _amplitude = Decibels.ToGain(levelDbfs);
        _phasePerFrame = 2 * Math.PI * frequency / sampleRate;
        _totalFrames = double.IsPositiveInfinity(duration) ? long.MaxValue : (long)Math.Round(duration * sampleRate);
        _attackFrames = (long)Math.Round(attack * sampleRate);
        _releaseFrames = double.IsPositiveInfinity(duration) ? 0 : (long)Math.Round(release * sampleRate);
        if (_attackFrames + _releaseFrames > _totalFrames)
            throw new ArgumentException($"attack ({attack} s) plus release ({release} s) is longer than the tone ({duration} s)");
    }

    public int SampleRate { get; }
    public int Channels { get; }
    public double Frequency { get; }
    public double LevelDbfs { get; }

    /// <summary>Frames in the whole tone (long.MaxValue when endless).</summary>
    public long TotalFrames => _totalFrames;

    public int Read(Span<float> buffer)
    {
        var frames = (int)Math.Min(buffer.Length / Channels, _totalFrames - _frame);
        for (var i = 0; i < frames; i++, _frame++)
        {
            var value = (float)(_amplitude * Envelope(_frame) * Math.Sin(_phasePerFrame * _frame));
            buffer.Slice(i * Channels, Channels).Fill(value);
        }
        return frames;
    }

    // Raised cosine from 0 to 1 over the attack and back over the release; the first and last frame are exactly 0.
    private double Envelope(long frame)
    {
        if (frame < _attackFrames) return 0.5 - 0.5 * Math.Cos(Math.PI * frame / _attackFrames);
        var fromEnd = _totalFrames - 1 - frame;
        if (fromEnd < _releaseFrames) return 0.5 - 0.5 * Math.Cos(Math.PI * fromEnd / _releaseFrames);
        return 1;
    }
}
