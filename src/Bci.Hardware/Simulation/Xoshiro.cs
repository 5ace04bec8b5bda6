namespace Bci.Hardware.Simulation;

/// <summary>
/// xoshiro256** with a SplitMix64 seeder: a small, fast generator whose sequence is fixed by its seed on every
/// platform and .NET version (System.Random does not promise that), so simulations are reproducible.
/// </summary>
public sealed class Xoshiro
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    public Xoshiro(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A generator for one purpose (a channel, a fault kind), independent of the others of the same seed.</summary>
    public static Xoshiro For(int seed, string purpose, int index = 0)
    {
        var h = 14695981039346656037UL;
        foreach (var c in purpose) h = (h ^ c) * 1099511628211UL;
        return new Xoshiro(((ulong)(uint)seed << 32) ^ h ^ ((ulong)index * 0x9E3779B97F4A7C15UL));
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Standard normal (polar Box-Muller).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        var m = Math.Sqrt(-2 * Math.Log(s) / s);
        _spare = v * m;
        _hasSpare = true;
        return u * m;
    }

    public int Next(int exclusiveMax) => (int)(NextDouble() * exclusiveMax);
}
