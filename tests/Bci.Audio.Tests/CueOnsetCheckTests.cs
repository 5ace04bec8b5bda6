using System.Reactive.Subjects;
using Bci.Audio.Analysis;
using Bci.Audio.Stages;
using Bci.Audio.Wav;
using Bci.Core.Streams;
using Xunit.Abstractions;

namespace Bci.Audio.Tests;

/// <summary>
/// CueOnsetCheck on a cue track written by the file backend (virtual time): the stage's onset markers match the
/// sounds to the attack ramp, the original cue markers match within one buffer plus one period, and a marker
/// moved away from its sound is reported as unmatched together with the sound it left.
/// </summary>
public sealed class CueOnsetCheckTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bci-audio-onsets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (string Wav, List<MarkerEvent> Cues, List<MarkerEvent> Onsets) PlayCues()
    {
        var time = new VirtualTime(_dir);
        var stage = new AudioCueStage
        {
            Device = "file:cues.wav", Rate = 48000, Channels = 2, Buffer = 0.04, Period = 0.01,
            Sounds = ["T1=tone:1000:0.1:-6", "T2=tone:500:0.15:-12"],
        };
        var cues = new Subject<MarkerEvent>();
        var sent = new List<MarkerEvent>();
        var onsets = new List<MarkerEvent>();
        var completed = false;
        using var subscription = stage.Apply(cues, time.Context).Subscribe(onsets.Add, e => throw e, () => completed = true);
        foreach (var (at, value) in new[] { (0.2031, "T1"), (0.7, "rest"), (0.9517, "T2"), (1.6, "T1"), (2.2222, "T2") })
            time.At(at, () =>
            {
                var marker = new MarkerEvent(value, time.Clock.Now, "cues");
                sent.Add(marker);
                cues.OnNext(marker);
            });
        time.At(2.6, cues.OnCompleted);
        time.RunUntil(() => completed, limit: 4);
        return (Path.Combine(_dir, "cues.wav"), sent, onsets);
    }

    [Fact]
    public void OnsetMarkers_MatchTheSoundsInTheWav_ToTheAttackRamp()
    {
        var (wav, _, onsets) = PlayCues();
        var report = CueOnsetCheck.Compare(wav, onsets);
        output.WriteLine(report.ToString());
        Assert.True(report.StartTimeKnown);
        Assert.True(report.Agrees, report.ToString());
        Assert.Equal(4, report.Matched);
        // The detector fires a few samples into the raised-cosine attack, never before the stamped onset.
        Assert.All(report.Cues, c => Assert.InRange(c.Difference!.Value, 0, 1e-3));
    }

    [Fact]
    public void CueMarkers_MatchWithinOneBufferPlusOnePeriod_WhenOnlySoundingValuesAreExpected()
    {
        var (wav, cues, _) = PlayCues();
        var report = CueOnsetCheck.Compare(wav, cues, new CueOnsetOptions { Values = ["T1", "T2"] });
        output.WriteLine(report.ToString());
        Assert.True(report.Agrees, report.ToString());
        Assert.All(report.Cues, c => Assert.InRange(c.Difference!.Value, 0, 0.04 + 0.01 + 1e-3));

        // Without the value filter, the 'rest' marker (no sound) is unmatched and the check fails.
        var strict = CueOnsetCheck.Compare(wav, cues);
        Assert.False(strict.Agrees);
        Assert.Equal("rest", Assert.Single(strict.Cues, c => c.SoundTime is null).Value);
    }

    [Fact]
    public void AMarkerAwayFromItsSound_IsUnmatched_AndTheSoundIsReportedWithoutAMarker()
    {
        var (wav, _, onsets) = PlayCues();
        var moved = onsets.Select((m, i) => i == 2 ? new MarkerEvent(m.Value, m.Timestamp + 0.2, m.StreamName) : m).ToList();
        var report = CueOnsetCheck.Compare(wav, moved);
        Assert.False(report.Agrees);
        Assert.Equal(3, report.Matched);
        Assert.Null(report.Cues[2].SoundTime);
        Assert.Equal(onsets[2].Timestamp, Assert.Single(report.UnexplainedOnsets), 3);
    }

    [Fact]
    public void AWavWithoutAStartTime_GivesSecondsFromItsStart_AndNeverAgrees()
    {
        var path = Path.Combine(_dir, "plain.wav");
        var samples = new double[48000];
        foreach (var from in new[] { 12000, 30000 })
            for (var i = from; i < from + 1000; i++) samples[i] = i % 2 == 0 ? 0.3 : -0.3;
        using (var writer = WavWriter.Create(path, new WavFormat(48000, 1, WavSampleFormat.Int16))) writer.Write(samples);
        var onsets = CueOnsetCheck.DetectOnsets(path);
        Assert.Equal(2, onsets.Count);
        Assert.Equal([0.25, 0.625], onsets);
        var report = CueOnsetCheck.Compare(path, [new MarkerEvent("x", 0.25, "m"), new MarkerEvent("y", 0.625, "m")]);
        Assert.Equal(2, report.Matched);
        Assert.False(report.Agrees, "a file without its LSL start time cannot confirm LSL markers");
    }
}
