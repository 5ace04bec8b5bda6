using Bci.Audio.Providers;

namespace Bci.Audio.Tests;

internal static class Providers
{
    /// <summary>Reads channel 0 of a provider to its end (or <paramref name="maxFrames"/>), in blocks of <paramref name="block"/> frames.</summary>
    public static double[] Drain(ISampleProvider provider, long maxFrames = 10_000_000, int block = 1000)
    {
        var result = new List<double>();
        var buffer = new float[block * provider.Channels];
        int n;
        while (result.Count < maxFrames && (n = provider.Read(buffer)) > 0)
            for (var f = 0; f < n && result.Count < maxFrames; f++) result.Add(buffer[f * provider.Channels]);
        return [.. result];
    }
}
