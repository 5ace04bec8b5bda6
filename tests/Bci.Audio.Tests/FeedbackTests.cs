using System.Collections.Immutable;
using System.Reactive.Subjects;
using Bci.Audio.Stages;
using Bci.Audio.Synthesis;
using Bci.Audio.Wav;
using Bci.Core.Streams;

namespace Bci.Audio.Tests;

public sealed class FeedbackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bci-audio-feedback-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double StepBound(int rate, double maxFrequency, double minAmplitude, double maxAmplitude, double smoothing) =>
        2 * Math.Sin(Math.PI * maxFrequency / rate) * maxAmplitude + (maxAmplitude - minAmplitude) * (1 - Math.Exp(-1 / (smoothing * rate)));

    [Fact]
    public void ControlJumps_MoveNoSampleFurtherThanTheStatedBound()
    {
        const int rate = 48000;
        var synth = new FeedbackSynth(rate, 1, 220, -40, smoothing: 0.02);
        var signal = new List<double>();
        var block = new float[480];
        var targets = new[] { (880.0, -6.0), (220.0, -40.0), (880.0, -40.0), (300.0, -6.0), (880.0, -6.0), (220.0, -6.0) };
        foreach (var (frequency, level) in targets)
        {
            synth.SetTarget(frequency, level); // a jump at a block boundary, as the sink applies values
            for (var b = 0; b < 20; b++)
            {
                synth.Read(block);
                signal.AddRange(block.Select(v => (double)v));
            }
        }
        var bound = StepBound(rate, 880, Math.Pow(10, -40 / 20.0), Math.Pow(10, -6 / 20.0), 0.02);
        var largest = signal.Zip(signal.Skip(1), (a, b) => Math.Abs(b - a)).Max();
        Assert.True(largest <= bound * 1.0001 + 1e-7, $"largest step {largest:E3} above the bound {bound:E3}");
        Assert.True(largest > 0.5 * bound, "the test drives the synthesiser near its bound");
    }

    [Fact]
    public void NaiveFrequencySwitch_BreaksTheBound_SoTheTestCanFail()
    {
        // A tone recomputed from t with the new frequency (no phase accumulation) jumps where the frequency changes.
        const int rate = 48000;
        var naive = Enumerable.Range(0, 4800).Select(n => 0.5 * Math.Sin(2 * Math.PI * (n < 2437 ? 220 : 880) * n / rate)).ToArray();
        var largest = naive.Zip(naive.Skip(1), (a, b) => Math.Abs(b - a)).Max();
        Assert.True(largest > StepBound(rate, 880, 0.5, 0.5, 0.02), $"naive switch step {largest:E3}");
    }

    [Fact]
    public void Frequency_GlidesToTheTargetWithTheStatedTimeConstant()
    {
        var synth = new FeedbackSynth(48000, 1, 220, -12, smoothing: 0.05);
        synth.SetTarget(880, -12);
        var block = new float[2400]; // 50 ms = one time constant
        synth.Read(block);
        // In the log domain 1 - 1/e of the way: 220 * 4^(1 - 1/e).
        Assert.Equal(220 * Math.Pow(4, 1 - Math.Exp(-1)), synth.Current.Frequency, precision: 1);
        for (var i = 0; i < 20; i++) synth.Read(block);
        Assert.Equal(880, synth.Current.Frequency, precision: 3);
    }

    [Fact]
    public void Mapping_IsLogPitchAndLinearDecibels_Clamped()
    {
        var both = new AudioFeedbackSink { Map = FeedbackMapping.Both, Low = 0, High = 1, MinFrequency = 200, MaxFrequency = 800, MinLevel = -40, MaxLevel = -10 };
        Assert.Equal((200.0, -40.0), both.MapValue(-5));
        Assert.Equal((400.0, -25.0), both.MapValue(0.5));
        Assert.Equal((800.0, -10.0), both.MapValue(7));
        var pitch = new AudioFeedbackSink { Map = FeedbackMapping.Pitch, MaxLevel = -12 };
        Assert.Equal(-12, pitch.MapValue(0.3).LevelDbfs);
    }

    [Fact]
    public void Sink_WritesAContinuousToneThatFollowsTheControlValue()
    {
        var time = new VirtualTime(_dir);
        var sink = new AudioFeedbackSink { Device = "file:feedback.wav", Rate = 16000, Channels = 1, Low = 0, High = 1, MinFrequency = 250, MaxFrequency = 1000, Smoothing = 0.01 };
        var outputs = new Subject<DecodedOutput>();
        var completed = false;
        using var subscription = sink.Consume(outputs, time.Context).Subscribe(_ => { }, e => throw e, () => completed = true);
        DecodedOutput Decoded(double control) => new("test", time.Clock.Now, ["left", "right"], [0.5, 0.5]) { Control = control };
        time.At(0.5, () => outputs.OnNext(Decoded(1)));
        time.At(1.0, () => outputs.OnNext(Decoded(0)));
        time.At(1.5, outputs.OnCompleted);
        time.RunUntil(() => completed, limit: 3);

        using var reader = WavReader.Open(Path.Combine(_dir, "feedback.wav"));
        var x = reader.ReadAll();
        Assert.True(x.Length >= 1.5 * 16000, $"{x.Length} frames");
        double Peak(int from) => Spectrum.PeakFrequency(Spectrum.HannAmplitudes(x.AsSpan(from, 4096), 16384), 16000.0 / 16384);
        Assert.Equal(250, Peak(2000), precision: 0);
        Assert.Equal(1000, Peak(8000 + 2000), precision: 0);
        Assert.Equal(250, Peak(16000 + 2000), precision: 0);
        // Phase-continuous across the whole file: no step above the bound at the 1000 Hz top pitch (int16 adds 1 LSB).
        var level = Math.Pow(10, -12 / 20.0);
        var largest = x.Zip(x.Skip(1), (a, b) => Math.Abs(b - a)).Max();
        Assert.True(largest <= 2 * Math.Sin(Math.PI * 1000 / 16000) * level + 2 / 32768.0, $"step {largest:E3}");
    }
}
