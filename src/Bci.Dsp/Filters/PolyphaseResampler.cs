using System.Numerics;

namespace Bci.Dsp.Filters;

/// <summary>
/// Streaming rational-rate resampling by up/down with a polyphase FIR (upsample by zero insertion, low-pass,
/// downsample, computing only the outputs that are kept and only the taps that meet non-zero inputs). The
/// anti-aliasing/anti-imaging filter and the alignment are those of scipy.signal.resample_poly with its default
/// Kaiser (beta 5) window: cut-off at the lower of the two Nyquist frequencies, 20 max(up, down) + 1 taps. Output
/// sample i is the value at input position i * down / up; the stream is delayed by the filter's half length, and
/// <see cref="Flush"/> produces the tail as if zeros followed, so stream + flush equals resample_poly exactly.
/// Many channels at once (sample-major); no allocation after construction.
/// </summary>
public sealed class PolyphaseResampler
{
    private readonly double[] _taps;        // firwin(...) * up, zero-padded at the front as resample_poly does
    private readonly double[] _history;     // ring of the last _historyLength input samples, sample-major
    private readonly double[] _historyTimes;
    private readonly int _historyLength;
    private readonly double[] _accumulator;
    private long _inputCount;               // input samples consumed
    private long _fullIndex;                // next index of the full (undecimated-delay) output
    private long _emitted;                  // outputs handed out (full index minus the delay)
    private bool _flushed;

    public PolyphaseResampler(int up, int down, int channels, double inputRate = 1.0)
    {
        if (up < 1 || down < 1) throw new ArgumentOutOfRangeException(nameof(up), $"up ({up}) and down ({down}) must be positive");
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "at least one channel");
        var g = (int)BigInteger.GreatestCommonDivisor(up, down);
        Up = up / g;
        Down = down / g;
        ChannelCount = channels;
        InputRate = inputRate;

        var maxRate = Math.Max(Up, Down);
        var halfLength = 10 * maxRate;
        var h = Up == 1 && Down == 1 ? [1.0] : FirDesign.Firwin(2 * halfLength + 1, [1.0 / maxRate], 2.0, window: FirWindow.Kaiser, kaiserBeta: 5.0);
        if (Up == 1 && Down == 1) halfLength = 0;
        var prePad = Up == 1 && Down == 1 ? 0 : Down - halfLength % Down;
        Delay = (halfLength + prePad) / Down;
        _taps = new double[prePad + h.Length];
        for (var i = 0; i < h.Length; i++) _taps[prePad + i] = h[i] * Up;

        _historyLength = (_taps.Length + Up - 1) / Up + 1;
        _history = new double[_historyLength * channels];
        _historyTimes = new double[_historyLength];
        _accumulator = new double[channels];
    }

    public int Up { get; }
    public int Down { get; }
    public int ChannelCount { get; }
    public double InputRate { get; }
    public double OutputRate => InputRate * Up / Down;

    /// <summary>Outputs held back by the filter (its half length, in output samples).</summary>
    public int Delay { get; }

    /// <summary>The anti-aliasing filter's taps (already multiplied by <see cref="Up"/>).</summary>
    public ReadOnlySpan<double> Taps => _taps;

    /// <summary>Most outputs a call with <paramref name="inputSamples"/> new samples can produce.</summary>
    public int MaxOutput(int inputSamples) => (int)((long)inputSamples * Up / Down) + 2;

    /// <summary>
    /// Consumes <paramref name="input"/> (sample-major) with its timestamps and writes the outputs that became
    /// computable; returns how many samples were written. Output times are interpolated from the input times.
    /// </summary>
    public int Process(ReadOnlySpan<double> input, ReadOnlySpan<double> inputTimes, Span<double> output, Span<double> outputTimes)
    {
        if (_flushed) throw new InvalidOperationException("the resampler was flushed; make a new one for a new stream");
        var c = ChannelCount;
        if (input.Length % c != 0) throw new ArgumentException($"{input.Length} values are not whole samples of {c} channels", nameof(input));
        var samples = input.Length / c;
        if (inputTimes.Length < samples) throw new ArgumentException("one timestamp per input sample is needed", nameof(inputTimes));
        var written = 0;
        for (var n = 0; n < samples; n++)
        {
            var slot = (int)(_inputCount % _historyLength);
            input.Slice(n * c, c).CopyTo(_history.AsSpan(slot * c, c));
            _historyTimes[slot] = inputTimes[n];
            _inputCount++;
            // Output j needs input up to index floor(j * down / up).
            while (_fullIndex * Down <= _inputCount * Up - 1)
                written += Emit(output, outputTimes, written, realInputs: _inputCount);
        }
        return written;
    }

    /// <summary>
    /// Ends the stream: writes the remaining outputs as if zeros followed (the tail resample_poly produces) and
    /// returns how many. <paramref name="output"/> needs room for (Delay + 1) samples.
    /// </summary>
    public int Flush(Span<double> output, Span<double> outputTimes)
    {
        if (_flushed) return 0;
        _flushed = true;
        var total = (_inputCount * Up + Down - 1) / Down;    // resample_poly's output length
        var written = 0;
        while (_emitted < total)
            written += Emit(output, outputTimes, written, realInputs: _inputCount);
        return written;
    }

    /// <summary>Offline: the whole of one channel, identical to scipy.signal.resample_poly(x, up, down).</summary>
    public static double[] ResamplePoly(ReadOnlySpan<double> signal, int up, int down)
    {
        var resampler = new PolyphaseResampler(up, down, 1);
        var result = new double[resampler.MaxOutput(signal.Length) + resampler.Delay + 2];
        var times = new double[result.Length];
        var inputTimes = new double[signal.Length];
        for (var i = 0; i < inputTimes.Length; i++) inputTimes[i] = i;
        var n = resampler.Process(signal, inputTimes, result, times);
        n += resampler.Flush(result.AsSpan(n), times.AsSpan(n));
        return result.AsSpan(0, n).ToArray();
    }

    /// <summary>Computes full output _fullIndex; writes it unless it is part of the initial delay. Returns 0 or 1.</summary>
    private int Emit(Span<double> output, Span<double> outputTimes, int at, long realInputs)
    {
        var c = ChannelCount;
        var m = _fullIndex * Down;
        var phase = (int)(m % Up);
        var newest = m / Up;
        var acc = _accumulator.AsSpan();
        acc.Clear();
        var width = Vector<double>.Count;
        for (var k = phase; k < _taps.Length; k += Up)
        {
            var index = newest - (k - phase) / Up;
            if (index < 0) break;
            if (index >= realInputs) continue;   // past the end while flushing: zeros
            var h = _taps[k];
            var row = _history.AsSpan((int)(index % _historyLength) * c, c);
            var ch = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var hv = new Vector<double>(h);
                for (; ch <= c - width; ch += width)
                    (new Vector<double>(acc.Slice(ch)) + hv * new Vector<double>(row.Slice(ch))).CopyTo(acc.Slice(ch));
            }
            for (; ch < c; ch++) acc[ch] += h * row[ch];
        }
        _fullIndex++;
        if (_fullIndex - 1 < Delay) return 0;

        acc.CopyTo(output.Slice(at * c, c));
        outputTimes[at] = TimeOf(_emitted);
        _emitted++;
        return 1;
    }

    /// <summary>Time of output i: input position i * down / up, interpolated between the input timestamps around it.</summary>
    private double TimeOf(long outputIndex)
    {
        var position = outputIndex * Down;
        var index = position / Up;
        var fraction = (double)(position % Up) / Up;
        var period = 1.0 / InputRate;
        var oldest = Math.Max(0, _inputCount - _historyLength);
        if (index >= _inputCount)
        {
            var last = _historyTimes[(int)((_inputCount - 1) % _historyLength)];
            return last + (index - (_inputCount - 1) + fraction) * period;
        }
        if (index < oldest) index = oldest;
        return _historyTimes[(int)(index % _historyLength)] + fraction * period;
    }
}
