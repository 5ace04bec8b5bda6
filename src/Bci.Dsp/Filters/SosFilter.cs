using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bci.Dsp.Filters;

/// <summary>
/// Causal streaming application of second-order sections to many channels at once, in transposed direct form II
/// (the form of scipy.signal.sosfilt: y = b0 x + z1; z1 = b1 x - a1 y + z2; z2 = b2 x - a2 y). The state of every
/// channel is kept between calls, so a stream filtered chunk by chunk gives exactly the output of filtering it in
/// one piece. Data are sample-major (one row of C channel values per sample, as chunks store them); the inner
/// loops run across channels with SIMD vectors, section by section, with state and coefficients in registers. No
/// allocation after construction. Not thread-safe: one instance per stream.
/// </summary>
public sealed class SosFilter
{
    private readonly int _sections;
    private readonly double[] _coefficients;     // per section: b0 b1 b2 a1 a2
    private readonly Vector<double>[] _vectorCoefficients;
    private readonly double[] _state;            // [section][2][channel], channel innermost

    public SosFilter(SecondOrderSections sos, int channels)
    {
        ArgumentNullException.ThrowIfNull(sos);
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "at least one channel");
        Sections = sos;
        ChannelCount = channels;
        _sections = sos.SectionCount;
        _coefficients = new double[_sections * 5];
        _vectorCoefficients = new Vector<double>[_sections * 5];
        for (var s = 0; s < _sections; s++)
        {
            double[] c = [sos[s, 0], sos[s, 1], sos[s, 2], sos[s, 4], sos[s, 5]];
            for (var k = 0; k < 5; k++)
            {
                _coefficients[s * 5 + k] = c[k];
                _vectorCoefficients[s * 5 + k] = new Vector<double>(c[k]);
            }
        }
        _state = new double[_sections * 2 * channels];
    }

    public SecondOrderSections Sections { get; }
    public int ChannelCount { get; }

    /// <summary>Zeroes every channel's state (as at the start of a stream).</summary>
    public void Reset() => Array.Clear(_state);

    /// <summary>Zeroes the state of one channel (e.g. after a gap or a burst of invalid samples).</summary>
    public void Reset(int channel)
    {
        for (var i = 0; i < _sections * 2; i++) _state[i * ChannelCount + channel] = 0;
    }

    /// <summary>
    /// Sets one channel's state to the steady state for a constant input <paramref name="value"/> (scipy's
    /// sosfilt_zi times the value), so that a stream starting at a large offset does not ring.
    /// </summary>
    public void SetSteadyState(int channel, double value)
    {
        var zi = SteadyState.Of(Sections);
        for (var s = 0; s < _sections; s++)
        {
            _state[(s * 2) * ChannelCount + channel] = zi[s, 0] * value;
            _state[(s * 2 + 1) * ChannelCount + channel] = zi[s, 1] * value;
        }
    }

    /// <summary>
    /// Filters <paramref name="input"/> (sample-major rows of <see cref="ChannelCount"/> values) into
    /// <paramref name="output"/> of the same length. In-place (the same span for both) is allowed.
    /// </summary>
    // Optimised from the first call (no tier-0 pass): a live stream's first seconds are filtered at full speed too.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Process(ReadOnlySpan<double> input, Span<double> output)
    {
        var c = ChannelCount;
        if (input.Length % c != 0)
            throw new ArgumentException($"{input.Length} values are not whole samples of {c} channels", nameof(input));
        if (output.Length < input.Length)
            throw new ArgumentException($"output holds {output.Length} values, input {input.Length}", nameof(output));
        var samples = input.Length / c;
        if (samples == 0) return;
        // Section by section over the whole block: each pass keeps its coefficients and the state of a group of
        // channels in registers for all samples, and runs two vectors side by side so that the recurrences of
        // independent channels overlap. Section s reads what section s - 1 wrote (in place in the output).
        // Per sample the arithmetic is exactly scipy's, so results agree bit for bit with sosfilt.
        ref var outRef = ref MemoryMarshal.GetReference(output);
        ref var stateRef = ref MemoryMarshal.GetArrayDataReference(_state);
        for (var s = 0; s < _sections; s++)
        {
            ref var src = ref s == 0 ? ref MemoryMarshal.GetReference(input) : ref outRef;
            ref var z1Row = ref Unsafe.Add(ref stateRef, (s * 2) * c);
            ref var z2Row = ref Unsafe.Add(ref stateRef, (s * 2 + 1) * c);
            var ch = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var width = Vector<double>.Count;
                for (; ch <= c - 2 * width; ch += 2 * width)
                    SectionTwoVectors(s, ref src, ref outRef, ref z1Row, ref z2Row, ch, c, samples);
                for (; ch <= c - width; ch += width)
                    SectionOneVector(s, ref src, ref outRef, ref z1Row, ref z2Row, ch, c, samples);
            }
            for (; ch < c; ch++)
                SectionScalar(s, ref src, ref outRef, ref z1Row, ref z2Row, ch, c, samples);
        }
    }

    /// <summary>One-shot: filters a single channel from zero state and returns the output.</summary>
    public static double[] Apply(SecondOrderSections sos, ReadOnlySpan<double> signal)
    {
        var output = new double[signal.Length];
        new SosFilter(sos, 1).Process(signal, output);
        return output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SectionTwoVectors(int s, ref double src, ref double dst, ref double z1Row, ref double z2Row, int ch, int c, int samples)
    {
        var k = s * 5;
        var b0 = _vectorCoefficients[k];
        var b1 = _vectorCoefficients[k + 1];
        var b2 = _vectorCoefficients[k + 2];
        var a1 = _vectorCoefficients[k + 3];
        var a2 = _vectorCoefficients[k + 4];
        var w = Vector<double>.Count;
        var z1a = Vector.LoadUnsafe(ref Unsafe.Add(ref z1Row, ch));
        var z2a = Vector.LoadUnsafe(ref Unsafe.Add(ref z2Row, ch));
        var z1b = Vector.LoadUnsafe(ref Unsafe.Add(ref z1Row, ch + w));
        var z2b = Vector.LoadUnsafe(ref Unsafe.Add(ref z2Row, ch + w));
        for (var n = 0; n < samples; n++)
        {
            var at = (nint)n * c + ch;
            var xa = Vector.LoadUnsafe(ref Unsafe.Add(ref src, at));
            var xb = Vector.LoadUnsafe(ref Unsafe.Add(ref src, at + w));
            var ya = b0 * xa + z1a;
            var yb = b0 * xb + z1b;
            z1a = b1 * xa - a1 * ya + z2a;
            z1b = b1 * xb - a1 * yb + z2b;
            z2a = b2 * xa - a2 * ya;
            z2b = b2 * xb - a2 * yb;
            ya.StoreUnsafe(ref Unsafe.Add(ref dst, at));
            yb.StoreUnsafe(ref Unsafe.Add(ref dst, at + w));
        }
        z1a.StoreUnsafe(ref Unsafe.Add(ref z1Row, ch));
        z2a.StoreUnsafe(ref Unsafe.Add(ref z2Row, ch));
        z1b.StoreUnsafe(ref Unsafe.Add(ref z1Row, ch + w));
        z2b.StoreUnsafe(ref Unsafe.Add(ref z2Row, ch + w));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SectionOneVector(int s, ref double src, ref double dst, ref double z1Row, ref double z2Row, int ch, int c, int samples)
    {
        var k = s * 5;
        var b0 = _vectorCoefficients[k];
        var b1 = _vectorCoefficients[k + 1];
        var b2 = _vectorCoefficients[k + 2];
        var a1 = _vectorCoefficients[k + 3];
        var a2 = _vectorCoefficients[k + 4];
        var z1 = Vector.LoadUnsafe(ref Unsafe.Add(ref z1Row, ch));
        var z2 = Vector.LoadUnsafe(ref Unsafe.Add(ref z2Row, ch));
        for (var n = 0; n < samples; n++)
        {
            var at = (nint)n * c + ch;
            var x = Vector.LoadUnsafe(ref Unsafe.Add(ref src, at));
            var y = b0 * x + z1;
            z1 = b1 * x - a1 * y + z2;
            z2 = b2 * x - a2 * y;
            y.StoreUnsafe(ref Unsafe.Add(ref dst, at));
        }
        z1.StoreUnsafe(ref Unsafe.Add(ref z1Row, ch));
        z2.StoreUnsafe(ref Unsafe.Add(ref z2Row, ch));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SectionScalar(int s, ref double src, ref double dst, ref double z1Row, ref double z2Row, int ch, int c, int samples)
    {
        var k = s * 5;
        double b0 = _coefficients[k], b1 = _coefficients[k + 1], b2 = _coefficients[k + 2], a1 = _coefficients[k + 3], a2 = _coefficients[k + 4];
        var z1 = Unsafe.Add(ref z1Row, ch);
        var z2 = Unsafe.Add(ref z2Row, ch);
        for (var n = 0; n < samples; n++)
        {
            var at = (nint)n * c + ch;
            var x = Unsafe.Add(ref src, at);
            var y = b0 * x + z1;
            z1 = b1 * x - a1 * y + z2;
            z2 = b2 * x - a2 * y;
            Unsafe.Add(ref dst, at) = y;
        }
        Unsafe.Add(ref z1Row, ch) = z1;
        Unsafe.Add(ref z2Row, ch) = z2;
    }
}
