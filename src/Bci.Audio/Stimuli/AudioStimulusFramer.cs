using Bci.Audio.Providers;
using Bci.Audio.Wav;

namespace Bci.Audio.Stimuli;

/// <summary>
/// Cuts a folder of WAV stimuli into the segments an audio encoder embeds: each file is mixed to mono, resampled to
/// the encoder's rate (windowed-sinc, <see cref="ResamplingProvider"/>), and framed by window and hop; segment
/// names are "file.wav@START" (seconds, 3 decimals) so retrieval hits name the heard moment. Files stream
/// through in order of name; a malformed file stops with its <see cref="WavFormatException"/>.
/// </summary>
public sealed class AudioStimulusFramer(AudioFraming framing)
{
    public AudioFraming Framing { get; } = framing;

    public IEnumerable<AudioSegment> Frame(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"stimulus folder '{directory}' does not exist");
        var files = Directory.EnumerateFiles(directory, "*.wav", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new FileNotFoundException($"no .wav files in '{directory}'");
        return files.SelectMany(FrameFile);
    }

    public IEnumerable<AudioSegment> FrameFile(string path)
    {
        var samples = ReadMono(path);
        var name = Path.GetFileName(path);
        var window = Framing.WindowSamples;
        var rate = (double)Framing.SampleRate;
        if (Framing.HopSamples == 0)
        {
            yield return Segment(name, path, samples, 0, window);
            yield break;
        }
        for (var start = 0; start < samples.Length; start += Framing.HopSamples)
        {
            var complete = start + window <= samples.Length;
            if (!complete && (Framing.Tail == "drop" || start > 0 && start + window - Framing.HopSamples >= samples.Length)) break;
            yield return Segment(name, path, samples, start, window);
        }

        AudioSegment Segment(string file, string full, float[] all, int start, int length)
        {
            var frame = new float[length];
            all.AsSpan(start, Math.Min(length, all.Length - start)).CopyTo(frame);
            Normalise(frame);
            return new AudioSegment($"{file}@{start / rate:0.000}", full, start / rate, (start + length) / rate, frame);
        }
    }

    private float[] ReadMono(string path)
    {
        using var reader = WavReader.Open(path);
        ISampleProvider source = new WavFileProvider(reader);
        if (source.Channels > 1) source = new DownmixProvider(source);
        if (source.SampleRate != Framing.SampleRate) source = new ResamplingProvider(source, Framing.SampleRate);
        return BufferProvider.ReadAll(source, maxFrames: (long)Framing.SampleRate * 3600);
    }

    private void Normalise(float[] frame)
    {
        if (Framing.Level == "none") return;
        double reference = 0;
        if (Framing.Level == "peak")
            foreach (var v in frame) reference = Math.Max(reference, Math.Abs(v));
        else
            reference = Math.Sqrt(frame.Average(v => (double)v * v)) / 0.1;
        if (reference < 1e-9) return; // silence stays silence
        for (var i = 0; i < frame.Length; i++) frame[i] = (float)(frame[i] / reference);
    }
}
