using Bci.Core.Streams;
using Bci.Decoding.Training;

namespace Bci.Decoding.Tests;

/// <summary>
/// A separable two-class set shaped like motor imagery: a 10 Hz rhythm that is strong on channel 0 and weak on
/// channel 1 for class "left", the reverse for "right", random phase, white noise on every channel.
/// </summary>
internal static class SyntheticEpochs
{
    public static readonly string[] Classes = ["left", "right"];

    public static float[] Window(Random random, int label, int channels, int samples, double rate)
    {
        var data = new float[channels * samples];
        var phase = random.NextDouble() * 2 * Math.PI;
        for (var c = 0; c < channels; c++)
        {
            var amplitude = c switch
            {
                0 => label == 0 ? 10e-6 : 3e-6,
                1 => label == 0 ? 3e-6 : 10e-6,
                _ => 0,
            };
            for (var t = 0; t < samples; t++)
                data[c * samples + t] = (float)(amplitude * Math.Sin(2 * Math.PI * 10 * t / rate + phase) + 3e-6 * Gaussian(random));
        }
        return data;
    }

    public static EpochSet Make(int perClassPerGroup = 12, int groups = 3, int channels = 4, int samples = 128, double rate = 128, int seed = 1)
    {
        var random = new Random(seed);
        var epochs = new List<LabeledEpoch>();
        for (var g = 1; g <= groups; g++)
            for (var i = 0; i < perClassPerGroup; i++)
                for (var label = 0; label < 2; label++)
                    epochs.Add(new LabeledEpoch(Window(random, label, channels, samples, rate), label, $"run{g}"));
        return new EpochSet(Enumerable.Range(1, channels).Select(i => $"ch{i}").ToList(), rate, samples, Classes, epochs);
    }

    public static StreamDescription Stream(int channels = 4, double rate = 128) => StreamDescription.Unlabelled("eeg", "EEG", channels, rate);

    public static SignalWindow ToWindow(float[] data, StreamDescription stream, int samples, double start, string? marker = null) =>
        SignalWindow.Wrap(stream, data.Select(v => (double)v).ToArray(), samples, start, marker is null ? null : new MarkerEvent(marker, start));

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
