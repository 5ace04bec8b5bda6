using Bci.Audio.Wav;

namespace Bci.Audio.Providers;

/// <summary>Plays a WAV file: streams its frames as float, in the file's own rate and channel count. Owns the reader.</summary>
public sealed class WavFileProvider : ISampleProvider, IDisposable
{
    private readonly WavReader _reader;

    public WavFileProvider(WavReader reader)
    {
        _reader = reader;
    }

    public static WavFileProvider Open(string path) => new(WavReader.Open(path));

    public int SampleRate => _reader.Format.SampleRate;
    public int Channels => _reader.Format.Channels;
    public long TotalFrames => _reader.FrameCount;

    public int Read(Span<float> buffer) => _reader.Read(buffer);

    public void Dispose() => _reader.Dispose();
}
