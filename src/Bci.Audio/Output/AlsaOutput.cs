namespace Bci.Audio.Output;

/// <summary>
/// Plays through ALSA (libasound.so.2, P/Invoke) as interleaved 32-bit float; ALSA's plug layer converts to what
/// the card takes. The buffer and period ALSA granted are reported, and <see cref="DelayFrames"/> asks the driver
/// (snd_pcm_delay), so the stamped onset includes the device's own delay. An underrun is recovered and counted.
/// A machine without a sound card gets a clear <see cref="AudioDeviceException"/> naming the alternatives.
/// </summary>
public sealed class AlsaOutput : IAudioOutput
{
    private nint _pcm;

    public AlsaOutput(string pcmName, AudioOutputSettings settings)
    {
        Name = pcmName;
        SampleRate = settings.SampleRate;
        Channels = settings.Channels;
        try
        {
            AlsaNative.Quiet();
            Check(AlsaNative.snd_pcm_open(out _pcm, pcmName, AlsaNative.StreamPlayback, 0), "cannot open it", noCardHint: true);
            var latency = (uint)Math.Round(settings.BufferSeconds * 1e6);
            Check(AlsaNative.snd_pcm_set_params(_pcm, AlsaNative.FormatFloatLe, AlsaNative.AccessRwInterleaved, (uint)Channels, (uint)SampleRate, 1, latency),
                $"cannot set {SampleRate} Hz, {Channels} ch, float, {latency} us buffer");
            Check(AlsaNative.snd_pcm_get_params(_pcm, out var buffer, out var period), "cannot read the granted buffer size");
            BufferFrames = (int)buffer;
            PeriodFrames = (int)period;
        }
        catch (DllNotFoundException e)
        {
            throw new AudioDeviceException(Device, "libasound.so.2 is not installed (Debian: apt-get install libasound2); use file:PATH or null instead", e);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }
    public string Device => $"alsa:{Name}";
    public int SampleRate { get; }
    public int Channels { get; }
    public int BufferFrames { get; }
    public int PeriodFrames { get; }
    public long Underruns { get; private set; }

    public int AvailableFrames()
    {
        var available = AlsaNative.snd_pcm_avail(_pcm);
        if (available >= 0) return (int)Math.Min(available, BufferFrames);
        Recover((int)available);
        return BufferFrames;
    }

    public int DelayFrames()
    {
        var code = AlsaNative.snd_pcm_delay(_pcm, out var delay);
        if (code < 0)
        {
            Recover(code);
            return 0;
        }
        return (int)Math.Max(0, delay);
    }

    public unsafe void Write(ReadOnlySpan<float> interleaved)
    {
        var frames = interleaved.Length / Channels;
        var done = 0;
        fixed (float* start = interleaved)
        {
            while (done < frames)
            {
                var n = AlsaNative.snd_pcm_writei(_pcm, start + done * Channels, (nuint)(frames - done));
                if (n < 0)
                {
                    Recover((int)n);
                    continue;
                }
                done += (int)n;
            }
        }
    }

    public void Drain()
    {
        if (_pcm != 0) AlsaNative.snd_pcm_drain(_pcm);
    }

    public void Dispose()
    {
        if (_pcm == 0) return;
        AlsaNative.snd_pcm_close(_pcm);
        _pcm = 0;
    }

    private void Recover(int error)
    {
        Underruns++;
        var code = AlsaNative.snd_pcm_recover(_pcm, error, 1);
        if (code < 0) throw new AudioDeviceException(Device, $"write failed and could not recover: {AlsaNative.Error(error)}");
    }

    private void Check(int code, string what, bool noCardHint = false)
    {
        if (code >= 0) return;
        var hint = noCardHint && AlsaDevices.CardCount() == 0
            ? " (this machine has no sound card; use --device file:PATH to write a WAV, or null)"
            : "";
        throw new AudioDeviceException(Device, $"{what}: {AlsaNative.Error(code)}{hint}");
    }
}
