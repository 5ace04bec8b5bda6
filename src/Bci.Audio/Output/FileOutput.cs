using System.Globalization;
using Bci.Audio.Wav;
using Bci.Core.Time;

namespace Bci.Audio.Output;

/// <summary>
/// Writes what a device would play to a WAV file ("file:PATH"), paced like a device on the pipeline's clock, so a
/// headless session or a test gets the exact sound and its timing: frame k of the file was "heard" at
/// <see cref="StartTime"/> + k / rate (LSL clock), a time stored in the file's LIST/INFO comment as
/// <c>lsl_time_of_first_frame=…</c>. Gaps where the writer fell behind are filled with silence so that mapping holds.
/// </summary>
public sealed class FileOutput : IAudioOutput
{
    public const string StartTimeKey = "lsl_time_of_first_frame";

    private readonly SimulatedDevice _device;
    private readonly WavWriter _writer;
    private readonly float[] _silence;

    public FileOutput(string path, AudioOutputSettings settings, IClock clock)
    {
        Path = System.IO.Path.GetFullPath(path);
        SampleRate = settings.SampleRate;
        Channels = settings.Channels;
        BufferFrames = settings.RequestedBufferFrames;
        PeriodFrames = settings.RequestedPeriodFrames;
        _device = new SimulatedDevice(clock, SampleRate, BufferFrames);
        _silence = new float[PeriodFrames * Channels];
        try
        {
            _writer = WavWriter.Create(Path, new WavFormat(SampleRate, Channels, settings.FileFormat),
                new WavWriterOptions { Comment = $"{StartTimeKey}={_device.StartTime.ToString("R", CultureInfo.InvariantCulture)}" });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AudioDeviceException($"file:{path}", $"cannot create the WAV file: {e.Message}", e);
        }
    }

    public string Path { get; }
    public string Device => $"file:{Path}";
    public int SampleRate { get; }
    public int Channels { get; }
    public int BufferFrames { get; }
    public int PeriodFrames { get; }
    public long Underruns => _device.Underruns;

    /// <summary>LSL time at which the file's first frame was (virtually) heard.</summary>
    public double StartTime => _device.StartTime;

    public long FramesWritten => _writer.FramesWritten;

    public int AvailableFrames() => _device.Available();

    public int DelayFrames() => _device.Delay();

    public void Write(ReadOnlySpan<float> interleaved)
    {
        for (var gap = _device.Gap(); gap > 0;)
        {
            var n = (int)Math.Min(gap, PeriodFrames);
            _writer.Write(_silence.AsSpan(0, n * Channels));
            _device.Advance(n);
            gap -= n;
        }
        _writer.Write(interleaved);
        _device.Advance(interleaved.Length / Channels);
    }

    public void Drain() => _writer.Flush();

    public void Dispose() => _writer.Dispose();

    /// <summary>Reads the first-frame time a file output stored in a WAV (null when absent).</summary>
    public static double? ReadStartTime(string wavPath)
    {
        var head = new byte[512];
        int length;
        using (var stream = File.OpenRead(wavPath)) length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var text = System.Text.Encoding.ASCII.GetString(head, 0, length);
        var at = text.IndexOf(StartTimeKey + "=", StringComparison.Ordinal);
        if (at < 0) return null;
        var start = at + StartTimeKey.Length + 1;
        var end = text.IndexOf('\0', start);
        return double.Parse(text[start..(end < 0 ? text.Length : end)], CultureInfo.InvariantCulture);
    }
}
