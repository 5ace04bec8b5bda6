namespace Bci.Audio.Providers;

/// <summary>Scales a source by a gain in dB. A change of gain ramps linearly over <see cref="RampFrames"/> so it makes no click.</summary>
public sealed class GainProvider(ISampleProvider source, double gainDb = 0) : ISampleProvider
{
    private double _current = Decibels.ToGain(gainDb);
    private double _target = Decibels.ToGain(gainDb);

    public int SampleRate => source.SampleRate;
    public int Channels => source.Channels;

    public int RampFrames { get; init; } = 64;

    public double GainDb
    {
        get => Decibels.FromGain(_target);
        set => _target = Decibels.ToGain(value);
    }

    public int Read(Span<float> buffer)
    {
        var frames = source.Read(buffer);
        var step = (_target - _current) / Math.Max(1, RampFrames);
        for (var f = 0; f < frames; f++)
        {
            if (_current != _target)
                _current = Math.Abs(_target - _current) <= Math.Abs(step) ? _target : _current + step;
            var g = (float)_current;
            for (var c = 0; c < Channels; c++) buffer[f * Channels + c] *= g;
        }
        return frames;
    }
}
