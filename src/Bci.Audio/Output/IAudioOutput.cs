namespace Bci.Audio.Output;

/// <summary>
/// Where rendered audio goes: a sound device (ALSA), a WAV file that stands in for one (headless machines, tests),
/// or nowhere. All three behave like a device with a buffer that drains at the sample rate, so the code that
/// feeds them and stamps onsets is the same: write whole frames while <see cref="AvailableFrames"/> allows; the
/// first frame of a write is heard <see cref="DelayFrames"/> frames after the moment of the write.
/// </summary>
public interface IAudioOutput : IDisposable
{
    /// <summary>The device as it was named ("alsa:default", "file:out.wav", "null").</summary>
    string Device { get; }

    int SampleRate { get; }

    int Channels { get; }

    /// <summary>Size of the output buffer in frames (what ALSA granted, or what the simulated device was given).</summary>
    int BufferFrames { get; }

    /// <summary>Frames per period: the unit the output is fed in.</summary>
    int PeriodFrames { get; }

    /// <summary>Frames that can be written now without blocking.</summary>
    int AvailableFrames();

    /// <summary>Frames between the next frame written and the listener: queued frames plus the device's own delay (ALSA's snd_pcm_delay).</summary>
    int DelayFrames();

    /// <summary>Writes interleaved frames in [-1, 1] (blocks when they do not fit, for a real device).</summary>
    void Write(ReadOnlySpan<float> interleaved);

    /// <summary>Buffer underruns seen (the device ran dry and played silence).</summary>
    long Underruns { get; }

    /// <summary>Waits until everything written was played (files: flushes).</summary>
    void Drain();
}
