using Bci.Core.Time;

namespace Bci.Audio.Output;

/// <summary>
/// Opens an output by name: "null", "file:PATH" (a WAV), "alsa:PCM" or a bare ALSA PCM name ("default", "hw:0,0"),
/// or "auto": the ALSA default device when one opens, else <paramref name="fallbackFile"/> as a file output
/// (else null), so a session on a machine without a sound card still leaves its audio behind.
/// </summary>
public static class AudioOutputs
{
    public static IAudioOutput Open(string device, AudioOutputSettings settings, IClock clock, string? fallbackFile = null,
        Action<string>? warn = null)
    {
        var problems = settings.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException($"audio output '{device}': {string.Join("; ", problems)}");
        if (string.IsNullOrWhiteSpace(device)) throw new ArgumentException("no audio device named (use null, file:PATH, alsa:NAME or auto)");
        if (device == "null") return new NullOutput(settings, clock);
        if (device.StartsWith("file:", StringComparison.Ordinal)) return new FileOutput(device[5..], settings, clock);
        if (device == "auto")
        {
            try
            {
                return new AlsaOutput("default", settings);
            }
            catch (AudioDeviceException e)
            {
                var instead = fallbackFile is null ? "null" : $"file:{fallbackFile}";
                warn?.Invoke($"{e.Message}; using {instead}");
                return fallbackFile is null ? new NullOutput(settings, clock) : new FileOutput(fallbackFile, settings, clock);
            }
        }
        return new AlsaOutput(device.StartsWith("alsa:", StringComparison.Ordinal) ? device[5..] : device, settings);
    }
}
