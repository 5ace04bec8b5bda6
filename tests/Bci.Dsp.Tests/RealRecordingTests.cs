using System.Reactive.Subjects;
using Bci.Core.Streams;
using Bci.Dsp.Filters;
using Bci.Dsp.Stages;
using Bci.Recording;
using Bci.TestSupport;

namespace Bci.Dsp.Tests;

/// <summary>
/// PhysioNet EEGMMIDB subject 1 (../shared/data/eegmmidb, see its PROVENANCE.md), read with Bci.Recording, then
/// filtered, re-referenced and epoched chunk by chunk by the stages a live pipeline uses: the epochs per event must
/// equal the file's annotations and hold exactly the offline-filtered signal.
/// </summary>
public sealed class RealRecordingTests
{
    /// <summary>T1/T2 counts per run as PROVENANCE.md lists them (T0: 15 in every run).</summary>
    [DataTheory("eegmmidb/S001R03.edf", "eegmmidb/S001R04.edf", "eegmmidb/S001R11.edf")]
    [InlineData("S001R03.edf", 8, 7)]
    [InlineData("S001R04.edf", 8, 7)]
    [InlineData("S001R11.edf", 7, 8)]
    public void Eegmmidb_FilteredAndEpoched_EventCountsMatchTheAnnotations(string file, int t1, int t2)
    {
        var recording = RecordingReader.Open(TestData.Require("eegmmidb/" + file));
        var eeg = recording.SignalStreams.Single();
        Assert.Equal(64, eeg.Description.ChannelCount);
        Assert.Equal(160, eeg.Description.NominalRate);
        // Samples in 16-sample chunks: what an amplifier at 160 Hz sends every 100 ms.
        var chunks = eeg.ReadChunks(16).ToList();
        Assert.Equal(20000, chunks.Sum(c => c.SampleCount));
        var markers = recording.ReadAllMarkers().Where(m => m.Value is "T0" or "T1" or "T2").OrderBy(m => m.Timestamp).ToList();
        var annotated = markers.GroupBy(m => m.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["T0"] = 15, ["T1"] = t1, ["T2"] = t2 }, annotated);

        var context = StageHarness.Context(out _, "epochs");
        var data = new Subject<SampleChunk>();
        var cues = new Subject<MarkerEvent>();
        var filtered = new BandpassStage { Low = 8, High = 30, Order = 4 }.Apply(data, context);
        var mains = new NotchStage { Frequency = 60 }.Apply(filtered, context);
        var car = new RerefStage().Apply(mains, context);
        var epochs = new List<SignalWindow>();
        using var subscription = new EpochStage { Events = ["T0", "T1", "T2"], TMin = 0, TMax = 4.0 }
            .Apply(car, cues, context).Subscribe(epochs.Add);
        // Markers reach the stage interleaved with the data, each 1 s after its onset (a late marker stream).
        var next = 0;
        foreach (var chunk in chunks)
        {
            data.OnNext(chunk);
            while (next < markers.Count && markers[next].Timestamp + 1.0 <= chunk.LastTimestamp) cues.OnNext(markers[next++]);
        }
        while (next < markers.Count) cues.OnNext(markers[next++]);
        data.OnCompleted();

        Assert.Equal(annotated, epochs.GroupBy(e => e.Event!.Value).ToDictionary(g => g.Key, g => g.Count()));
        Assert.Equal(0, context.Health["late-markers"]);
        Assert.Equal(0, context.Health["incomplete-epochs"]);
        Assert.All(epochs, e => Assert.Equal(641, e.SampleCount));
        Assert.All(epochs, e => Assert.Equal(e.Event!.Timestamp, e.StartTime, 6));

        // Every epoch holds exactly the offline result: band-pass + notch of the whole recording, then CAR.
        var all = chunks.SelectMany(c => c.Values.ToArray()).ToArray();
        var start = chunks[0].FirstTimestamp;
        var sos = ButterworthDesign.Bandpass(4, 8, 30, 160).Then(NotchDesign.Notch(60, 30, 160));
        var whole = new double[all.Length];
        new SosFilter(sos, 64).Process(all, whole);
        var probes = new[] { eeg.Description.IndexOf("C3"), eeg.Description.IndexOf("Cz"), eeg.Description.IndexOf("C4") };
        Assert.DoesNotContain(-1, probes);
        foreach (var epoch in epochs)
        {
            var first = (int)Math.Round((epoch.StartTime - start) * 160);
            for (var t = 0; t < epoch.SampleCount; t += 20)
            {
                var row = whole.AsSpan((first + t) * 64, 64);
                var mean = 0.0;
                foreach (var v in row) mean += v;
                mean /= 64;
                foreach (var c in probes) Assert.Equal(row[c] - mean, epoch[c, t], 15);
            }
        }
        // Band-passed EEG in volts: microvolts, not raw counts.
        var rms = Math.Sqrt(epochs.SelectMany(e => e.Channel(probes[0]).ToArray()).Average(v => v * v));
        Assert.InRange(rms, 1e-6, 50e-6);
    }
}
