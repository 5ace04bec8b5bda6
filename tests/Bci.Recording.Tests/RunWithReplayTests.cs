using Bci.Core.Streams;
using Bci.Recording.Tests.Support;
using Bci.Recording.Xdf;
using Xunit.Abstractions;

namespace Bci.Recording.Tests;

/// <summary>
/// `bci run PIPELINE --replay FILE`: a pipeline written for live LSL (lsl.inlet + lsl.markers-inlet) runs unchanged
/// on a recording, and what reaches its sinks is the file's data and markers; a file lacking a stream the
/// pipeline needs is refused before anything runs, with the inlet and the file's streams named.
/// </summary>
public sealed class RunWithReplayTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string LivePipeline = """
        name: live-session
        sources:
          - id: eeg
            uses: lsl.inlet
            with: { name: session-eeg }
          - id: cues
            uses: lsl.markers-inlet
            with: { type: Markers }
        sinks:
          - id: data-out
            uses: recording.xdf
            input: eeg
            overload: block(64)
            with: { path: data-out.xdf }
          - id: cues-out
            uses: recording.xdf
            input: cues
            with: { path: cues-out.xdf }
        """;

    /// <summary>A 3 s session: 4 channels at 100 Hz (float32, volts) and a marker every 0.5 s.</summary>
    private string WriteSession(string eegName)
    {
        var path = _dir.File("session.xdf");
        var random = new Random(5);
        using var writer = new XdfWriter(path);
        var description = new StreamDescription(eegName, "EEG", new[] { "C3", "Cz", "C4", "Pz" }.Select(l => new ChannelInfo(l, "EEG", "V")), 100, ChannelFormat.Float32);
        var eeg = writer.AddStream(description);
        var cues = writer.AddStream(new StreamDescription("session-cues", "Markers", [new ChannelInfo("cue", "Markers", "")], 0, ChannelFormat.String));
        const double t0 = 5000.25;
        for (var chunk = 0; chunk < 30; chunk++)
        {
            var values = new double[10 * 4];
            for (var i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 1e-4 - 5e-5);
            writer.Write(eeg, SampleChunk.Wrap(description, values, Enumerable.Range(chunk * 10, 10).Select(i => t0 + i / 100.0).ToArray()));
        }
        writer.Write(cues, Enumerable.Range(0, 6).Select(i => new MarkerEvent(i % 2 == 0 ? "T1" : "T2", t0 + 0.25 + i * 0.5, "session-cues")).ToArray());
        return path;
    }

    [Fact]
    public void RunWithReplay_FeedsTheLivePipelineTheFilesDataAndMarkers()
    {
        var session = WriteSession("session-eeg");
        var pipeline = _dir.File("live.yaml");
        File.WriteAllText(pipeline, LivePipeline);

        var (exit, stdout, stderr) = BciProgram.Run(Timeout, "run", pipeline, "--replay", session, "--speed", "max");
        output.WriteLine(stdout + stderr);
        Assert.True(exit == 0, $"bci run --replay exited with {exit}: {stdout}{stderr}");

        var original = RecordingReader.Open(session);
        var data = RecordingReader.Open(_dir.File("data-out.xdf")).SignalStreams.Single();
        var source = original.Find("session-eeg")!;
        Assert.Equal(source.Description.Channels.Select(c => c.Label), data.Description.Channels.Select(c => c.Label));
        Assert.Equal(source.ReadChunks().SelectMany(c => c.Values.ToArray()), data.ReadChunks().SelectMany(c => c.Values.ToArray()));
        var t = source.ReadChunks().SelectMany(c => c.Timestamps.ToArray()).ToArray();
        var u = data.ReadChunks().SelectMany(c => c.Timestamps.ToArray()).ToArray();
        Assert.Equal(t.Length, u.Length);
        for (var i = 0; i < t.Length; i++) Assert.Equal(t[i] - t[0], u[i] - u[0], 6); // moved onto the run's clock, spacing kept

        var cues = RecordingReader.Open(_dir.File("cues-out.xdf")).ReadAllMarkers();
        var expected = original.ReadAllMarkers();
        Assert.Equal(expected.Select(m => m.Value), cues.Select(m => m.Value));
        for (var i = 0; i < cues.Count; i++) Assert.Equal(expected[i].Timestamp - t[0], cues[i].Timestamp - u[0], 6); // in time with the data
    }

    [Fact]
    public void RunWithReplay_WhenTheFileLacksAStreamThePipelineNeeds_FailsNamingTheInletAndTheFilesStreams()
    {
        var session = WriteSession("other-eeg");
        var pipeline = _dir.File("live.yaml");
        File.WriteAllText(pipeline, LivePipeline);

        var (exit, stdout, stderr) = BciProgram.Run(Timeout, "run", pipeline, "--replay", session);
        output.WriteLine(stdout + stderr);
        Assert.Equal(2, exit);
        Assert.Contains("session.xdf has no signal stream for 'eeg' (lsl.inlet: name 'session-eeg')", stderr);
        Assert.Contains("'other-eeg' (EEG, signal)", stderr);
        Assert.False(File.Exists(_dir.File("data-out.xdf")), "nothing runs when the file does not fit the pipeline");
    }
}
