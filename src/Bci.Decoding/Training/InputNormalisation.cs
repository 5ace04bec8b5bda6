namespace Bci.Decoding.Training;

/// <summary>
/// How raw windows (volts) become model input: each channel's mean over the window is removed (drift and DC
/// differ between sessions) and everything is multiplied by one scale learnt on the training set (1 / the
/// standard deviation of all demeaned training values). One scalar keeps the relative power of channels, which
/// carries motor-imagery information (C3 vs C4), where per-channel z-scoring would erase it.
/// </summary>
public static class InputNormalisation
{
    public static void Apply(ReadOnlySpan<float> window, int channels, int samples, float scale, Span<float> destination)
    {
        for (var c = 0; c < channels; c++)
        {
            var row = window.Slice(c * samples, samples);
            var mean = 0.0;
            foreach (var v in row) mean += v;
            mean /= samples;
            var target = destination.Slice(c * samples, samples);
            for (var t = 0; t < samples; t++) target[t] = (float)((row[t] - mean) * scale);
        }
    }

    /// <summary>1 / standard deviation of the demeaned values of <paramref name="windows"/>.</summary>
    public static float FitScale(IEnumerable<float[]> windows, int channels, int samples)
    {
        double sum = 0;
        long n = 0;
        var buffer = new float[channels * samples];
        foreach (var w in windows)
        {
            Apply(w, channels, samples, 1f, buffer);
            foreach (var v in buffer) sum += (double)v * v;
            n += buffer.Length;
        }
        var std = n > 0 ? Math.Sqrt(sum / n) : 0;
        return std > 0 && double.IsFinite(std) ? (float)(1.0 / std) : 1f;
    }
}
