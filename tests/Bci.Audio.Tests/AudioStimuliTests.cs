using Bci.Audio.Providers;
using Bci.Audio.Stimuli;
using Bci.Audio.Wav;

namespace Bci.Audio.Tests;

public sealed class AudioStimuliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bci-audio-stimuli-").FullName;

    public AudioStimuliTests()
    {
        Write("a_speech.wav", new ToneProvider(44100, 2, 440, -6, 2.2, 0, 0), WavSampleFormat.Int16);
        Write("b_beep.wav", new ToneProvider(16000, 1, 1000, -20, 0.4, 0, 0), WavSampleFormat.Float32);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, ISampleProvider tone, WavSampleFormat format)
    {
        using var writer = WavWriter.Create(Path.Combine(_dir, name), new WavFormat(tone.SampleRate, tone.Channels, format));
        writer.Write(BufferProvider.ReadAll(tone, 1 << 24));
    }

    private static readonly AudioFraming Framing = new AudioFraming { SampleRate = 16000, Window = 1.0, Hop = 0.5, Batch = 3 }.Validated("test");

    [Fact]
    public void Framer_ResamplesMixesAndCutsByWindowAndHop()
    {
        var segments = new AudioStimulusFramer(Framing).Frame(_dir).ToList();
        Assert.Equal(["a_speech.wav@0.000", "a_speech.wav@0.500", "a_speech.wav@1.000", "a_speech.wav@1.500", "b_beep.wav@0.000"], segments.Select(s => s.Name));
        Assert.All(segments, s => Assert.Equal(16000, s.Samples.Length));
        // The stereo 44.1 kHz tone arrives as a mono 16 kHz 440 Hz tone at its level.
        var amplitudes = Spectrum.HannAmplitudes(segments[1].Samples.Select(v => (double)v).ToArray(), 65536);
        Assert.Equal(440, Spectrum.PeakFrequency(amplitudes, 16000.0 / 65536), precision: 1);
        Assert.Equal(Decibels.ToGain(-6), segments[1].Samples.Max(), precision: 3);
        // The last window of the 2.2 s file is padded after 0.7 s; the 0.4 s file after 0.4 s.
        Assert.All(segments[3].Samples.Skip(11300), v => Assert.Equal(0, v));
        Assert.True(segments[3].Samples.Take(11000).Max() > 0.4);
        Assert.All(segments[4].Samples.Skip(6500), v => Assert.Equal(0, v));
        Assert.Equal((1.5, 2.5), (segments[3].Start, segments[3].End));
    }

    [Fact]
    public void Framer_DropsPartialWindowsAndNormalisesLevelsWhenAsked()
    {
        var framing = Framing with { Tail = "drop", Level = "peak" };
        var segments = new AudioStimulusFramer(framing).Frame(_dir).ToList();
        Assert.Equal(["a_speech.wav@0.000", "a_speech.wav@0.500", "a_speech.wav@1.000"], segments.Select(s => s.Name));
        Assert.All(segments, s => Assert.Equal(1.0, s.Samples.Max(Math.Abs), precision: 6));
    }

    [Fact]
    public void CatalogBuilder_EncodesInBatchesInOrder()
    {
        var encoder = new LevelEncoder(Framing);
        var entries = AudioCatalogBuilder.Build(_dir, encoder);
        Assert.Equal(5, entries.Count);
        Assert.Equal([3, 2], encoder.BatchSizes);
        Assert.Equal(Decibels.ToGain(-20), entries[4].Latent[0], precision: 3);
        Assert.Equal("b_beep.wav@0.000", entries[4].Segment.Name);
    }

    [Fact]
    public void FramingJson_IsValidatedWithItsPath()
    {
        var path = Path.Combine(_dir, "model.json");
        File.WriteAllText(path, """{ "sample_rate": 16000, "window": 0, "tail": "wrap" }""");
        var e = Assert.Throws<InvalidDataException>(() => AudioFraming.Load(path));
        Assert.Contains("model.json", e.Message);
        Assert.Contains("window", e.Message);
        Assert.Contains("tail 'wrap'", e.Message);
    }

    /// <summary>A stand-in encoder: the latent is the segment's peak, so the test knows what each should be.</summary>
    private sealed class LevelEncoder(AudioFraming framing) : IAudioEncoder
    {
        public AudioFraming Framing { get; } = framing;
        public List<int> BatchSizes { get; } = [];

        public float[][] Encode(IReadOnlyList<AudioSegment> segments, CancellationToken cancellation = default)
        {
            BatchSizes.Add(segments.Count);
            return segments.Select(s => new[] { s.Samples.Max(Math.Abs) }).ToArray();
        }
    }
}
