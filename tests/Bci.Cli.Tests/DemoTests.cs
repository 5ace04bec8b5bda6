using System.Globalization;
using System.Text.RegularExpressions;
using Bci.Audio.Output;
using Bci.Audio.Wav;
using Bci.Decoding.Evaluation;
using Bci.Recording;
using Bci.TestSupport;
using Xunit.Abstractions;

namespace Bci.Cli.Tests;

/// <summary>
/// `bci demo` end to end, as a user runs it (a separate process, output redirected, so the plain progress lines are
/// printed instead of the live view): a short session with a small calibration block and audio cues to a file.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed partial class DemoTests(DemoTests.Session session, ITestOutputHelper output) : IClassFixture<DemoTests.Session>
{
    /// <summary>One short demo run shared by the tests of this class (a run takes tens of seconds).</summary>
    public sealed class Session : IDisposable
    {
        public Session()
        {
            Result = BciProcess.Run(TimeSpan.FromSeconds(150), "demo", "--duration", "30", "--calibration-trials", "40", "--seed", "3", "--audio");
            var match = ReplayLine().Match(Result.Output);
            Recording = match.Success ? Path.Combine(TestData.RepositoryRoot, match.Groups[1].Value) : null;
            Wav = Recording is null ? null : Recording[..^".xdf".Length] + "-cues.wav";
        }

        public BciProcess.Result Result { get; }
        public string? Recording { get; }
        public string? Wav { get; }

        public void Dispose()
        {
            foreach (var file in new[] { Recording, Wav }.OfType<string>())
                if (File.Exists(file)) File.Delete(file);
        }
    }

    [GeneratedRegex(@"replay it with: \./bci replay (recordings/demo-[0-9-]+\.xdf)")]
    private static partial Regex ReplayLine();

    [GeneratedRegex(@"transformer: online accuracy ([0-9.]+) % \((\d+)/(\d+) cued trials\); chance 50 %, 95% chance bound ([0-9.]+) % \(binomial, n = (\d+)\)")]
    private static partial Regex AccuracyLine();

    [Fact]
    public void Demo_RunsUnattended_TrainsTheTransformer_AndEndsWithTheReplayCommand()
    {
        Assert.True(session.Result.ExitCode == 0, session.Result.All);
        Assert.Contains("calibration: 40 epochs", session.Result.Output);
        Assert.Matches(@"training: [0-9,]+-parameter tiny contrastive transformer, 60 epochs", session.Result.Output);
        Assert.Matches(@"trial +1: cue T[12] -> transformer T[12]", session.Result.Output); // plain lines without a terminal
        Assert.NotNull(session.Recording);
        Assert.DoesNotContain("NNPACK", session.Result.All);
    }

    [Fact]
    public void Demo_ReportsOnlineAccuracyAboveChance_WithTheBinomialChanceBound()
    {
        var match = AccuracyLine().Match(session.Result.Output);
        Assert.True(match.Success, session.Result.All);
        var accuracy = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / 100;
        var correct = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var trials = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        var bound = double.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture) / 100;
        Assert.True(trials >= 4, $"only {trials} live trials were decoded:\n{session.Result.All}");
        Assert.Equal((double)correct / trials, accuracy, 3);
        Assert.Equal(ClassificationMetrics.ChanceUpperBound(trials, 2, 0.05), bound, 3);
        // A handful of trials cannot always clear the 95% bound (the default 90 s session does, see docs/hardware.md),
        // but a decoder that learnt nothing would sit at 50%.
        Assert.True(accuracy > 0.5, $"online accuracy {accuracy:P0} is not above chance:\n{session.Result.All}");
        Assert.Matches(@"transformer: latency from the epoch's last sample to the decoded output p50 [0-9.]+ ms, p99 [0-9.]+ ms", session.Result.Output);
    }

    [Fact]
    public void Demo_RecordsEegCuesDecodedOutputsAndPhases_InOneReadableXdf()
    {
        Assert.NotNull(session.Recording);
        var recording = RecordingReader.Open(session.Recording!);
        Assert.Empty(recording.Problems.Where(p => p.ToString().Contains("error", StringComparison.OrdinalIgnoreCase)));
        var eeg = Assert.Single(recording.SignalStreams, s => s.Description.Type == "EEG");
        Assert.Equal(16, eeg.Description.ChannelCount);
        Assert.Equal(256, eeg.Description.NominalRate);
        // The calibration block (40 trials of about 4 s) plus the training break and 30 s live.
        Assert.True(eeg.Duration > 150, $"EEG lasts {eeg.Duration:0.0} s");
        var cues = recording.Find("g.USBamp-markers")!.ReadMarkers().ToList();
        Assert.True(cues.Count >= 45, $"{cues.Count} cues");
        Assert.All(cues, c => Assert.Contains(c.Value, new[] { "T1", "T2" }));
        Assert.All(cues, c => Assert.InRange(c.Timestamp, eeg.FirstTimestamp, eeg.LastTimestamp + 5));
        var phases = recording.Find("bci-demo-session")!.ReadMarkers().Select(m => m.Value).ToList();
        Assert.Equal(["calibration-start", "calibration-end", "training-start", "training-end", "live-start", "live-end"], phases);
        var decoded = recording.Find("demo-transformer")!;
        Assert.True(decoded.SampleCount >= 4, $"{decoded.SampleCount} decoded outputs");
        Assert.Equal(["p(T1)", "p(T2)", "control"], decoded.Description.Channels.Select(c => c.Label));
    }

    [Fact]
    public void Demo_WithAudio_WritesAWavWhoseCueOnsetsMatchTheRecordedCueMarkers()
    {
        Assert.NotNull(session.Wav);
        Assert.True(File.Exists(session.Wav), session.Result.All);
        var recording = RecordingReader.Open(session.Recording!);
        var cues = recording.Find("g.USBamp-markers")!.ReadMarkers().ToList();
        var onsets = recording.Find("audio-onsets")!.ReadMarkers().ToList();
        Assert.True(onsets.Count >= 4, $"{onsets.Count} audio onsets");

        var start = FileOutput.ReadStartTime(session.Wav!)!.Value;
        using var reader = WavReader.Open(session.Wav!);
        var rate = reader.Format.SampleRate;
        var channels = reader.Format.Channels;
        var interleaved = reader.ReadAll();
        var mono = Enumerable.Range(0, interleaved.Length / channels).Select(i => interleaved[i * channels]).ToArray();
        var detected = DetectOnsets(mono, rate);
        output.WriteLine($"{onsets.Count} onset markers, {detected.Count} sounds in the WAV");
        // A sound can reach the file after the run stopped taking markers (the stage then drops its onset): only the
        // last sound may lack a marker.
        Assert.InRange(detected.Count - onsets.Count, 0, 1);
        for (var i = 0; i < onsets.Count; i++)
        {
            // The WAV holds the sound where the recorded onset marker says it was heard (a tone's attack stays below
            // the threshold for a few samples; on a loaded machine the file output's pacing has been seen 4 ms late)...
            var stamped = (onsets[i].Timestamp - start) * rate;
            var cue = cues.Where(c => c.Timestamp <= onsets[i].Timestamp).MaxBy(c => c.Timestamp)!;
            output.WriteLine($"cue {i} {onsets[i].Value}: sound at frame {detected[i]}, onset marker at frame {stamped:0.0} " +
                             $"({1000.0 * (detected[i] - stamped) / rate:0.00} ms), {1000 * (onsets[i].Timestamp - cue.Timestamp):0} ms after its cue");
            Assert.InRange(detected[i] - stamped, 0, 0.02 * rate);
            // ... and each sound follows its cue marker (same class) by the output's delay, a fraction of a second.
            Assert.Equal(cue.Value, onsets[i].Value);
            Assert.InRange(onsets[i].Timestamp - cue.Timestamp, 0, 0.3);
            // The two classes have their own tones (T1 440 Hz, T2 660 Hz).
            Assert.InRange(DominantFrequency(mono, detected[i], rate), cue.Value == "T1" ? 420 : 630, cue.Value == "T1" ? 460 : 690);
        }
        // Every cue of the live part was sounded: none is missing between the first and the last sound.
        var live = cues.Where(c => c.Timestamp >= onsets[0].Timestamp - 0.3 && c.Timestamp <= onsets[^1].Timestamp).ToList();
        Assert.Equal(live.Count, onsets.Count);
    }

    [Fact]
    public void Demo_RecordingReplaysWithBciReplay()
    {
        Assert.NotNull(session.Recording);
        var replay = BciProcess.Run(TimeSpan.FromSeconds(90), "replay", session.Recording!, "--speed", "max");
        Assert.True(replay.ExitCode == 0, replay.All);
        Assert.Contains("g.USBamp", replay.All);
    }

    private static List<int> DetectOnsets(double[] samples, int rate)
    {
        var result = new List<int>();
        var quiet = int.MaxValue;
        for (var i = 0; i < samples.Length; i++)
        {
            if (Math.Abs(samples[i]) > 1e-3)
            {
                if (quiet >= rate / 10) result.Add(i); // 100 ms of silence: a tone cut by a late buffer stays one sound
                quiet = 0;
            }
            else if (quiet != int.MaxValue) quiet++;
        }
        return result;
    }

    /// <summary>Frequency of the largest zero-crossing rate over the 100 ms after an onset.</summary>
    private static double DominantFrequency(double[] samples, int onset, int rate)
    {
        var length = Math.Min(rate / 10, samples.Length - onset);
        var crossings = 0;
        for (var i = onset + 1; i < onset + length; i++)
            if (samples[i - 1] < 0 != samples[i] < 0) crossings++;
        return crossings / 2.0 / (length / (double)rate);
    }
}
