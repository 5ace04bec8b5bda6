namespace Bci.Decoding.Training;

/// <summary>
/// Cropped decoding (Schirrmeister et al. 2017): the model reads crops shorter than the epoch; training draws
/// crops at random offsets inside each epoch (many more examples from the same trials), and a window is decoded
/// by averaging the model's outputs over crops every <c>step</c> samples. Training, validation and the decode
/// stage take their crops from here, so offline and live decoding see the same crops.
/// </summary>
public static class Crops
{
    /// <summary>
    /// Start samples of the crops a window of <paramref name="window"/> samples is decoded from: 0, step, 2 step, ...
    /// while the crop fits; the window itself when the crop is as long as the window.
    /// </summary>
    public static int[] Starts(int window, int crop, int step)
    {
        if (crop < 1 || crop > window) throw new ArgumentOutOfRangeException(nameof(crop), crop, $"a crop is 1..{window} samples");
        if (crop == window) return [0];
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "the step between crops is at least one sample");
        var n = (window - crop) / step + 1;
        return Enumerable.Range(0, n).Select(i => i * step).ToArray();
    }

    /// <summary>Copies the crop of <paramref name="crop"/> samples from <paramref name="start"/> of every channel of a channel-major window.</summary>
    public static void Copy(ReadOnlySpan<float> window, int channels, int samples, int start, int crop, Span<float> destination)
    {
        if (start < 0 || start + crop > samples) throw new ArgumentOutOfRangeException(nameof(start), start, $"a crop of {crop} samples from {start} does not fit in {samples}");
        for (var c = 0; c < channels; c++)
            window.Slice(c * samples + start, crop).CopyTo(destination.Slice(c * crop, crop));
    }
}
