namespace Bci.Audio.Providers;

/// <summary>Mixes every channel of a source to one (the mean), for playing multichannel files through any output.</summary>
public sealed class DownmixProvider(ISampleProvider source) : ISampleProvider
{
    private float[] _scratch = [];

    public int SampleRate => source.SampleRate;
    public int Channels => 1;

    public int Read(Span<float> buffer)
    {
        var c = source.Channels;
        if (_scratch.Length < buffer.Length * c) _scratch = new float[buffer.Length * c];
        var frames = source.Read(_scratch.AsSpan(0, buffer.Length * c));
        for (var f = 0; f < frames; f++)
        {
            float sum = 0;
            for (var k = 0; k < c; k++) sum += _scratch[f * c + k];
            buffer[f] = sum / c;
        }
        return frames;
    }
}
