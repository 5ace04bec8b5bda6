using Xunit.Abstractions;
using System.Reactive.Subjects;
using Bci.Audio.Output;
using Bci.Audio.Stages;
using Bci.Audio.Wav;
using Bci.Core.Streams;

namespace Bci.Audio.Tests;

public sealed class AudioCueStageTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bci-audio-cue-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void CueOnsets_MatchTheSamplesWrittenToTheFileBackend()
    {
        var time = new VirtualTime(_dir);
        var stage = new AudioCueStage
        {
            Device = "file:cues.wav", Rate = 48000, Channels = 1, Buffer = 0.04, Period = 0.01,
            Sounds = ["left=tone:1000:0.1:-6", "right=tone:500:0.1:-6"],
        };
        var cues = new Subject<MarkerEvent>();
        var onsets = new List<MarkerEvent>();
        var arrivals = new List<double>();
        var completed = false;
        using var subscription = stage.Apply(cues, time.Context).Subscribe(onsets.Add, e => throw e, () => completed = true);
        var sent = new[] { (0.1037, "left"), (0.3512, "right"), (0.6, "rest"), (0.8001, "left"), (1.2345, "right") };
        foreach (var (at, value) in sent)
            time.At(at, () =>
            {
                arrivals.Add(time.Clock.Now);
                cues.OnNext(new MarkerEvent(value, time.Clock.Now, "cues"));
            });
        time.At(1.5, cues.OnCompleted);
        time.RunUntil(() => completed, limit: 3);

        Assert.Equal(["left", "right", "left", "right"], onsets.Select(o => o.Value)); // "rest" has no sound
        Assert.All(onsets, o => Assert.Equal("audio-onsets", o.StreamName));
        var path = Path.Combine(_dir, "cues.wav");
        var start = FileOutput.ReadStartTime(path)!.Value;
        using var reader = WavReader.Open(path);
        var samples = reader.ReadAll();
        var detected = DetectOnsets(samples);
        Assert.Equal(4, detected.Count);
        var played = new[] { arrivals[0], arrivals[1], arrivals[3], arrivals[4] };
        for (var i = 0; i < 4; i++)
        {
            var stamped = (onsets[i].Timestamp - start) * 48000;
            output.WriteLine($"cue {i}: stamped at frame {stamped:0.00}, sound detected at {detected[i]}, arrival + {1000 * (onsets[i].Timestamp - played[i]):0.00} ms");
            // The tone's raised-cosine attack stays below the detection threshold for a few samples.
            Assert.InRange(detected[i] - stamped, 0, 48);
            // The correction is real: the arrival time alone is off by the output delay, far more than a millisecond.
            var naive = (played[i] - start) * 48000;
            Assert.True(detected[i] - naive > 480, $"cue {i}: arrival stamp {naive:0} vs sound at {detected[i]} samples");
            Assert.InRange(onsets[i].Timestamp - played[i], 0, 0.04 + 0.01 + 1e-9); // at most one buffer plus one period late
        }
    }

    [Fact]
    public void CueSounds_FromWavFilesAreResampledToTheOutputRate()
    {
        var wav = Path.Combine(_dir, "beep.wav");
        using (var writer = WavWriter.Create(wav, new WavFormat(16000, 1, WavSampleFormat.Int16)))
            writer.Write(Enumerable.Range(0, 1600).Select(i => 0.5 * Math.Sin(2 * Math.PI * 800 * i / 16000.0) * Math.Sin(Math.PI * i / 1600)).ToArray());
        var time = new VirtualTime(_dir);
        var stage = new AudioCueStage { Device = "file:out.wav", Rate = 48000, Channels = 2, Sounds = ["*=file:beep.wav"] };
        var cues = new Subject<MarkerEvent>();
        var onsets = new List<MarkerEvent>();
        var completed = false;
        using var subscription = stage.Apply(cues, time.Context).Subscribe(onsets.Add, e => throw e, () => completed = true);
        time.At(0.2, () => cues.OnNext(new MarkerEvent("anything", 0.2)));
        time.At(0.5, cues.OnCompleted);
        time.RunUntil(() => completed, limit: 2);
        var single = Assert.Single(onsets);
        Assert.Equal(0.1, single.Duration, precision: 6);
        using var reader = WavReader.Open(Path.Combine(_dir, "out.wav"));
        Assert.Equal(2, reader.Format.Channels);
        var left = reader.ReadAll().Where((_, i) => i % 2 == 0).ToArray();
        var onsetFrame = (single.Timestamp - FileOutput.ReadStartTime(Path.Combine(_dir, "out.wav"))!.Value) * 48000;
        var energy = left.Skip((int)onsetFrame).Take(4800).Sum(v => v * v);
        Assert.True(energy > 0.95 * left.Sum(v => v * v), "the sound lies where its onset says");
    }

    [Fact]
    public void MissingSoundFile_FailsTheStageWithThePath()
    {
        var time = new VirtualTime(_dir);
        var stage = new AudioCueStage { Device = "null", Sounds = ["T1=file:nope.wav"] };
        Exception? error = null;
        using var subscription = stage.Apply(new Subject<MarkerEvent>(), time.Context).Subscribe(_ => { }, e => error = e);
        Assert.NotNull(error);
        Assert.Contains("nope.wav", error!.Message);
    }

    [Fact]
    public void BadOptions_AreReportedByValidate()
    {
        var problems = new AudioCueStage { Sounds = ["T1"], Level = 3, Buffer = 0.01, Period = 0.01 }.Validate().ToList();
        Assert.Contains(problems, p => p.Contains("VALUE=SOUND"));
        Assert.Contains(problems, p => p.Contains("0 dBFS"));
        Assert.Contains(problems, p => p.Contains("two periods"));
    }

    // First sample of each burst above 1e-3 after at least 10 ms of silence.
    private static List<int> DetectOnsets(double[] samples)
    {
        var result = new List<int>();
        var quiet = int.MaxValue;
        for (var i = 0; i < samples.Length; i++)
        {
            if (Math.Abs(samples[i]) > 1e-3)
            {
                if (quiet >= 480) result.Add(i);
                quiet = 0;
            }
            else if (quiet != int.MaxValue) quiet++;
            else quiet = int.MaxValue;
        }
        return result;
    }
}
