namespace Bci.Audio.Providers;

/// <summary>
/// Sums any number of sources at one rate; mono sources are spread to every channel. Sources may be added from
/// any thread while the output pulls (cues arrive on the pipeline's thread, the output renders on its own); a
/// source joins at the next block the output reads, and its callback is told the absolute output frame of its
/// first sample, which is how cue onsets are stamped. Finished sources are dropped. With
/// <see cref="Endless"/> the mixer plays silence when it has nothing to play, as a device output needs.
/// </summary>
public sealed class MixerProvider(int sampleRate, int channels, bool endless = true) : ISampleProvider
{
    private readonly object _gate = new();
    private readonly List<(ISampleProvider Source, Action<long>? Started)> _pending = [];
    private readonly List<ISampleProvider> _active = [];
    private float[] _scratch = [];

    public int SampleRate { get; } = sampleRate > 0 ? sampleRate : throw new ArgumentOutOfRangeException(nameof(sampleRate));
    public int Channels { get; } = channels > 0 ? channels : throw new ArgumentOutOfRangeException(nameof(channels));
    public bool Endless { get; } = endless;

    /// <summary>Output frames produced so far: the absolute frame index of the next frame read.</summary>
    public long FramesRead { get; private set; }

    /// <summary>Sources playing or waiting to start.</summary>
    public int ActiveCount
    {
        get
        {
            lock (_gate) return _active.Count + _pending.Count;
        }
    }

    /// <summary>Adds a source; <paramref name="started"/> receives the output frame index of its first sample.</summary>
    public void Add(ISampleProvider source, Action<long>? started = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.SampleRate != SampleRate)
            throw new ArgumentException($"source plays at {source.SampleRate} Hz, the mixer at {SampleRate} Hz: resample it first");
        if (source.Channels != Channels && source.Channels != 1)
            throw new ArgumentException($"source has {source.Channels} channels, the mixer {Channels} (mono sources are spread)");
        lock (_gate) _pending.Add((source, started));
    }

    public int Read(Span<float> buffer)
    {
        var frames = buffer.Length / Channels;
        List<(ISampleProvider Source, Action<long>? Started)> starting;
        lock (_gate)
        {
            starting = [.. _pending];
            _pending.Clear();
            foreach (var (source, _) in starting) _active.Add(source);
        }
        foreach (var (_, started) in starting) started?.Invoke(FramesRead);

        buffer[..(frames * Channels)].Clear();
        var longest = 0;
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var source = _active[i];
            var needed = frames * source.Channels;
            if (_scratch.Length < needed) _scratch = new float[needed];
            var got = ReadFully(source, _scratch.AsSpan(0, needed));
            if (source.Channels == Channels)
                for (var k = 0; k < got * Channels; k++) buffer[k] += _scratch[k];
            else
                for (var f = 0; f < got; f++)
                    for (var c = 0; c < Channels; c++) buffer[f * Channels + c] += _scratch[f];
            longest = Math.Max(longest, got);
            if (got < frames) _active.RemoveAt(i);
        }
        var produced = Endless ? frames : longest;
        if (!Endless && produced == 0)
        {
            lock (_gate)
                if (_pending.Count > 0) produced = frames; // a source arrived meanwhile: keep going
        }
        FramesRead += produced;
        return produced;
    }

    private static int ReadFully(ISampleProvider source, Span<float> buffer)
    {
        var total = 0;
        var frames = buffer.Length / source.Channels;
        while (total < frames)
        {
            var n = source.Read(buffer[(total * source.Channels)..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
