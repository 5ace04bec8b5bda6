using System.Numerics;

namespace Bci.Dsp.Filters;

/// <summary>A filter as zeros, poles and gain (analog s-plane or digital z-plane).</summary>
internal sealed record ZeroPoleGain(Complex[] Zeros, Complex[] Poles, double Gain)
{
    public int RelativeDegree
    {
        get
        {
            var degree = Poles.Length - Zeros.Length;
            if (degree < 0) throw new InvalidOperationException("improper transfer function: more zeros than poles");
            return degree;
        }
    }
}
