namespace Bci.Audio.Providers;

/// <summary>
/// Converts a source to another rate with a polyphase windowed-sinc filter: for the reduced ratio L/M of output to
/// input rate, L filter phases of 2·<see cref="HalfTaps"/> taps each (Kaiser window, β = 8.6, cutoff at 0.95 of
/// the lower Nyquist frequency, each phase normalised to unit DC gain). Output frame n sits exactly at input time
/// n·M/L, so the output is not delayed; the filter looks <see cref="HalfTaps"/> input frames ahead. Ratios whose
/// reduced L exceeds 4096 are refused (all common audio rates reduce far below it).
/// </summary>
public sealed class ResamplingProvider : ISampleProvider
{
    public const int HalfTaps = 24;
    private const int MaxPhases = 4096;

    private readonly ISampleProvider _source;
    private readonly int _up;
    private readonly int _down;
    private readonly float[] _bank; // phase-major: _bank[p * 2K + j] weights input frame i - K + 1 + j for phase p
    private readonly int _channels;
    private float[] _history; // input frames [_base, _base + _count), interleaved
    private long _base;
    private int _count;
    private long _inputIndex; // i: the input frame at or before the current output time
    private int _phase;       // p: output time = i + p / L
    private bool _sourceDone;
    private long _sourceFrames;
    private readonly float[] _readBlock;

    public ResamplingProvider(ISampleProvider source, int outputRate)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        _source = source;
        _channels = source.Channels;
        SampleRate = outputRate;
        var g = Gcd(outputRate, source.SampleRate);
        _up = outputRate / g;
        _down = source.SampleRate / g;
        if (_up > MaxPhases)
            throw new ArgumentException($"{source.SampleRate} Hz to {outputRate} Hz reduces to {_up}/{_down}: more than {MaxPhases} filter phases; choose rates with a simpler ratio");
        _bank = DesignBank(_up, _down);
        // K - 1 frames of silence before the first input frame, so the first outputs have their full history.
        _history = new float[(4096 + 2 * HalfTaps) * _channels];
        _base = -(HalfTaps - 1);
        _count = HalfTaps - 1;
        _readBlock = new float[1024 * _channels];
    }

    public int SampleRate { get; }
    public int Channels => _channels;

    public int Read(Span<float> buffer)
    {
        var frames = buffer.Length / _channels;
        var produced = 0;
        const int K = HalfTaps;
        while (produced < frames)
        {
            // Output frames exist for input times strictly before the end of the source.
            if (_sourceDone && _inputIndex * (long)_up + _phase >= _sourceFrames * (long)_up) break;
            var needLast = _inputIndex + K; // newest input frame the filter touches
            if (!EnsureInput(needLast)) continue;
            var first = _inputIndex - K + 1 - _base;
            var taps = _bank.AsSpan(_phase * 2 * K, 2 * K);
            for (var c = 0; c < _channels; c++)
            {
                double sum = 0;
                var at = (int)first * _channels + c;
                for (var j = 0; j < 2 * K; j++, at += _channels) sum += taps[j] * _history[at];
                buffer[produced * _channels + c] = (float)sum;
            }
            produced++;
            _phase += _down;
            while (_phase >= _up)
            {
                _phase -= _up;
                _inputIndex++;
            }
        }
        return produced;
    }

    // Makes input frames up to `last` available (zeros past the source's end); false when more input had to be read first.
    private bool EnsureInput(long last)
    {
        if (last < _base + _count) return true;
        // Drop frames the filter no longer needs.
        var keepFrom = _inputIndex - HalfTaps + 1;
        var drop = (int)Math.Max(0, keepFrom - _base);
        if (drop > 0)
        {
            Array.Copy(_history, drop * _channels, _history, 0, (_count - drop) * _channels);
            _base += drop;
            _count -= drop;
        }
        var room = _history.Length / _channels - _count;
        if (room < 1024)
        {
            Array.Resize(ref _history, _history.Length * 2);
            room = _history.Length / _channels - _count;
        }
        var want = Math.Min(room, 1024);
        int got;
        if (_sourceDone)
            got = 0;
        else
        {
            got = _source.Read(_readBlock.AsSpan(0, want * _channels));
            if (got == 0) _sourceDone = true;
            else
            {
                _readBlock.AsSpan(0, got * _channels).CopyTo(_history.AsSpan(_count * _channels));
                _sourceFrames += got;
            }
        }
        if (got == 0)
        {
            // Past the end: pad with zeros so the last outputs can be computed.
            var pad = Math.Min(room, HalfTaps);
            _history.AsSpan(_count * _channels, pad * _channels).Clear();
            got = pad;
        }
        _count += got;
        return false;
    }

    private static float[] DesignBank(int up, int down)
    {
        const int K = HalfTaps;
        var cutoff = 0.95 * Math.Min(1.0, up / (double)down); // in units of the input Nyquist frequency
        var bank = new float[up * 2 * K];
        var weights = new double[2 * K];
        for (var p = 0; p < up; p++)
        {
            var frac = p / (double)up;
            double sum = 0;
            for (var j = 0; j < 2 * K; j++)
            {
                // Distance in input frames from the output time to input frame (i - K + 1 + j).
                var t = (j - K + 1) - frac;
                var w = Kaiser(t / K, 8.6) * cutoff * Sinc(cutoff * t);
                weights[j] = w;
                sum += w;
            }
            for (var j = 0; j < 2 * K; j++) bank[p * 2 * K + j] = (float)(weights[j] / sum);
        }
        return bank;
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    private static double Kaiser(double x, double beta) => Math.Abs(x) >= 1 ? 0 : BesselI0(beta * Math.Sqrt(1 - x * x)) / BesselI0(beta);

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        for (var k = 1; k < 50; k++)
        {
            term *= x * x / (4.0 * k * k);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return sum;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
