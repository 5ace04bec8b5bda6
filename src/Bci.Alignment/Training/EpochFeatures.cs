using Bci.Core.Streams;

namespace Bci.Alignment.Training;

/// <summary>
/// The fixed feature vector a linear mapping reads from an epoch: per channel, the mean of the first
/// <see cref="BaselineSamples"/> samples (or of the whole window when 0) is removed, the samples are averaged in
/// groups of <see cref="Decimate"/> (a cheap low-pass), and the channels are concatenated. Values in microvolts.
/// </summary>
public sealed record EpochFeatures(int Channels, int Samples, int Decimate = 1, int BaselineSamples = 0)
{
    public int Length => Channels * (Samples / Decimate);

    public float[] Extract(SignalWindow window)
    {
        if (window.ChannelCount != Channels || window.SampleCount < Samples)
            throw new ArgumentException(
                $"window of '{window.Stream.Name}' is {window.ChannelCount} ch x {window.SampleCount} samples; the mapping was fitted on {Channels} ch x {Samples} samples");
        var result = new float[Length];
        for (var c = 0; c < Channels; c++)
            Extract(window.Channel(c)[..Samples], result.AsSpan(c * (Samples / Decimate), Samples / Decimate));
        return result;
    }

    /// <summary>Features of a channel-major C x T block given as doubles (volts).</summary>
    public float[] Extract(ReadOnlySpan<double> channelMajor)
    {
        if (channelMajor.Length != Channels * Samples)
            throw new ArgumentException($"{channelMajor.Length} values are not {Channels} ch x {Samples} samples");
        var result = new float[Length];
        for (var c = 0; c < Channels; c++)
            Extract(channelMajor.Slice(c * Samples, Samples), result.AsSpan(c * (Samples / Decimate), Samples / Decimate));
        return result;
    }

    private void Extract(ReadOnlySpan<double> channel, Span<float> destination)
    {
        var baseSpan = BaselineSamples > 0 ? channel[..Math.Min(BaselineSamples, channel.Length)] : channel;
        double mean = 0;
        foreach (var v in baseSpan) mean += v;
        mean /= baseSpan.Length;
        for (var i = 0; i < destination.Length; i++)
        {
            double sum = 0;
            for (var j = 0; j < Decimate; j++) sum += channel[i * Decimate + j] - mean;
            destination[i] = (float)(sum / Decimate * 1e6);
        }
    }
}
