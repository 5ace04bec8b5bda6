using Bci.Audio.Output;
using Bci.Core.Stages;

namespace Bci.Audio.Stages;

/// <summary>The output options every audio stage shares (device, rate, channels, buffer, period).</summary>
public abstract class AudioOutputStage : IValidatingStage
{
    [Option("device", Description = "Output: auto (the ALSA default device, else the fallback file), null, file:PATH (a WAV), alsa:NAME or an ALSA name such as default or hw:0,0.")]
    public string Device { get; init; } = "auto";

    [Option("fallback", Description = "WAV file written instead when device is auto and there is no sound device (empty: play to null).")]
    public string Fallback { get; init; } = "";

    [Option("rate", Unit = "Hz", Description = "Output sample rate.")]
    public double Rate { get; init; } = 48000;

    [Option("channels", Description = "Output channels.")]
    public int Channels { get; init; } = 2;

    [Option("buffer", Unit = "s", Description = "Output buffer: bounds the latency.")]
    public double Buffer { get; init; } = 0.04;

    [Option("period", Unit = "s", Description = "Period: the block written at a time (and the update interval of feedback).")]
    public double Period { get; init; } = 0.01;

    public virtual IEnumerable<string> Validate()
    {
        if (Rate != Math.Round(Rate)) yield return $"rate must be a whole number of hertz, not {Rate} Hz";
        foreach (var problem in Settings().Validate()) yield return problem;
    }

    internal AudioOutputSettings Settings() => new()
    {
        SampleRate = (int)Math.Round(Rate),
        Channels = Channels,
        BufferSeconds = Buffer,
        PeriodSeconds = Period,
    };

    internal AudioPlayer OpenPlayer(StageContext context)
    {
        var device = Device.StartsWith("file:", StringComparison.Ordinal) ? "file:" + context.ResolvePath(Device[5..]) : Device;
        var fallback = Fallback.Length > 0 ? context.ResolvePath(Fallback) : null;
        var output = AudioOutputs.Open(device, Settings(), context.Clock, fallback, context.Warn);
        var player = new AudioPlayer(output, context.Clock, context.Scheduler);
        context.Info($"audio to {output.Device}: {output.SampleRate} Hz, {output.Channels} ch, buffer {output.BufferFrames} frames " +
                     $"({1000.0 * output.BufferFrames / output.SampleRate:0.#} ms), period {output.PeriodFrames} frames");
        context.Health.Counter("buffer", "ms").Set((long)Math.Round(1000.0 * output.BufferFrames / output.SampleRate));
        return player;
    }
}
