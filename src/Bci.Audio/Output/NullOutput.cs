using Bci.Core.Time;

namespace Bci.Audio.Output;

/// <summary>Discards audio at the device's pace: timing and latency as a real output, no sound (device name "null").</summary>
public sealed class NullOutput : IAudioOutput
{
    private readonly SimulatedDevice _device;

    public NullOutput(AudioOutputSettings settings, IClock clock)
    {
        SampleRate = settings.SampleRate;
        Channels = settings.Channels;
        BufferFrames = settings.RequestedBufferFrames;
        PeriodFrames = settings.RequestedPeriodFrames;
        _device = new SimulatedDevice(clock, SampleRate, BufferFrames);
    }

    public string Device => "null";
    public int SampleRate { get; }
    public int Channels { get; }
    public int BufferFrames { get; }
    public int PeriodFrames { get; }
    public long Underruns => _device.Underruns;

    public int AvailableFrames() => _device.Available();

    public int DelayFrames() => _device.Delay();

    public void Write(ReadOnlySpan<float> interleaved)
    {
        _device.Advance(_device.Gap());
        _device.Advance(interleaved.Length / Channels);
    }

    public void Drain() { }

    public void Dispose() { }
}
