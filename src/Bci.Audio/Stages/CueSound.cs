using System.Globalization;
using Bci.Audio.Providers;
using Bci.Audio.Wav;

namespace Bci.Audio.Stages;

/// <summary>
/// A sound a cue plays, from its text form: "tone:FREQ_HZ:SECONDS[:LEVEL_DBFS]" (raised-cosine ramps of 5 ms) or
/// "file:PATH" (a WAV, read once into memory and resampled to the output rate; more than 2 channels are mixed to
/// mono). Each play gets a fresh provider over the same samples.
/// </summary>
public sealed class CueSound
{
    private const double MaxSeconds = 60;
    private readonly float[] _samples;

    private CueSound(string spec, float[] samples, int channels, int rate)
    {
        Spec = spec;
        _samples = samples;
        Channels = channels;
        SampleRate = rate;
    }

    public string Spec { get; }
    public int Channels { get; }
    public int SampleRate { get; }
    public double Duration => _samples.Length / (double)Channels / SampleRate;

    public ISampleProvider Play() => new BufferProvider(_samples, SampleRate, Channels);

    /// <summary>Parses and loads a sound for an output of <paramref name="outputRate"/>; relative paths are resolved by <paramref name="resolve"/>.</summary>
    public static CueSound Load(string spec, int outputRate, Func<string, string> resolve, double defaultLevel = -12)
    {
        var text = spec.Trim();
        if (text.StartsWith("tone:", StringComparison.Ordinal))
        {
            var parts = text[5..].Split(':');
            if (parts.Length is < 2 or > 3 || !TryNumber(parts[0], out var frequency) || !TryNumber(parts[1], out var seconds)
                || (parts.Length == 3 && !TryNumber(parts[2], out defaultLevel)))
                throw new FormatException($"sound '{spec}': write tone:FREQUENCY_HZ:SECONDS[:LEVEL_DBFS], e.g. tone:440:0.3:-12");
            var ramp = Math.Min(0.005, seconds / 4);
            var tone = new ToneProvider(outputRate, 1, frequency, defaultLevel, seconds, ramp, ramp);
            return new CueSound(text, BufferProvider.ReadAll(tone, (long)(MaxSeconds * outputRate)), 1, outputRate);
        }
        if (text.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = resolve(text[5..]);
            using var reader = WavReader.Open(path);
            ISampleProvider source = new WavFileProvider(reader);
            var channels = reader.Format.Channels;
            if (channels > 2)
            {
                source = new DownmixProvider(source);
                channels = 1;
            }
            if (source.SampleRate != outputRate) source = new ResamplingProvider(source, outputRate);
            return new CueSound(text, BufferProvider.ReadAll(source, (long)(MaxSeconds * outputRate)), channels, outputRate);
        }
        throw new FormatException($"sound '{spec}' must start with tone: or file:");
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
