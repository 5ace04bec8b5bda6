using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bci.Dsp.Filters;

/// <summary>
/// Causal streaming application of second-order sections to many channels at once, in transposed direct form II
/// (the form of scipy.signal.sosfilt: y = b0 x + z1; z1 = b1 x - a1 y + z2; z2 = b2 x - a2 y). The state of every
/// channel is kept between calls, so a stream filtered chunk by chunk gives exactly the output of filtering it in
/// one piece. Data are sample-major (one row of C channel values per sample, as chunks store them); the inner
/// loop runs across channels with SIMD vectors and keeps each vector in registers through all sections. No
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
    public void Process(ReadOnlySpan<double> input, Span<double> output)
    {
        var c = ChannelCount;
        if (input.Length % c != 0)
            throw new ArgumentException($"{input.Length} values are not whole samples of {c} channels", nameof(input));
        if (output.Length < input.Length)
            throw new ArgumentException($"output holds {output.Length} values, input {input.Length}", nameof(output));
        var samples = input.Length / c;
        var width = Vector<double>.Count;
        var vectorChannels = Vector.IsHardwareAccelerated ? c - c % width : 0;
        var state = _state.AsSpan();
        for (var n = 0; n < samples; n++)
        {
            var row = input.Slice(n * c, c);
            var outRow = output.Slice(n * c, c);
            for (var ch = 0; ch < vectorChannels; ch += width)
                ProcessVector(row, outRow, state, ch);
            for (var ch = vectorChannels; ch < c; ch++)
                outRow[ch] = ProcessScalar(row[ch], state, ch);
        }
    }

    /// <summary>One-shot: filters a single channel from zero state and returns the output.</summary>
    public static double[] Apply(SecondOrderSections sos, ReadOnlySpan<double> signal)
    {
        var output = new double[signal.Length];
        new SosFilter(sos, 1).Process(signal, output);
        return output;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ProcessVector(ReadOnlySpan<double> row, Span<double> outRow, Span<double> state, int ch)
    {
        var c = ChannelCount;
        var x = new Vector<double>(row.Slice(ch));
        ref var stateRef = ref MemoryMarshal.GetReference(state);
        for (var s = 0; s < _sections; s++)
        {
            ref var z1Ref = ref Unsafe.Add(ref stateRef, (s * 2) * c + ch);
            ref var z2Ref = ref Unsafe.Add(ref stateRef, (s * 2 + 1) * c + ch);
            var z1 = Vector.LoadUnsafe(ref z1Ref);
            var z2 = Vector.LoadUnsafe(ref z2Ref);
            var k = s * 5;
            var y = _vectorCoefficients[k] * x + z1;
            z1 = _vectorCoefficients[k + 1] * x - _vectorCoefficients[k + 3] * y + z2;
            z2 = _vectorCoefficients[k + 2] * x - _vectorCoefficients[k + 4] * y;
            z1.StoreUnsafe(ref z1Ref);
            z2.StoreUnsafe(ref z2Ref);
            x = y;
        }
        x.CopyTo(outRow.Slice(ch));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double ProcessScalar(double x, Span<double> state, int ch)
    {
        var c = ChannelCount;
        for (var s = 0; s < _sections; s++)
        {
            var i1 = (s * 2) * c + ch;
            var i2 = i1 + c;
            var k = s * 5;
            var y = _coefficients[k] * x + state[i1];
            state[i1] = _coefficients[k + 1] * x - _coefficients[k + 3] * y + state[i2];
            state[i2] = _coefficients[k + 2] * x - _coefficients[k + 4] * y;
            x = y;
        }
        return x;
    }
}
