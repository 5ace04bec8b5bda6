namespace Bci.Audio.Providers;

/// <summary>dBFS conversions: 0 dBFS is a sine whose peak reaches full scale (1.0), as AES17 defines it.</summary>
public static class Decibels
{
    public static double ToGain(double decibels) => Math.Pow(10, decibels / 20);

    public static double FromGain(double gain) => 20 * Math.Log10(gain);
}
