namespace Bci.Audio.Output;

/// <summary>An output device that cannot be opened or written: names the device, what failed, and what to do instead.</summary>
public sealed class AudioDeviceException(string device, string message, Exception? inner = null)
    : IOException($"audio device '{device}': {message}", inner)
{
    public string Device { get; } = device;
}
