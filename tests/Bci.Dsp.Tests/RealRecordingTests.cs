using System.Reactive.Linq;
using System.Reactive.Subjects;
using Bci.Core.Streams;
using Bci.Dsp.Filters;
using Bci.Dsp.Stages;
using Bci.TestSupport;

namespace Bci.Dsp.Tests;

/// <summary>
/// PhysioNet EEGMMIDB subject 1 (../shared/data/eegmmidb, see its PROVENANCE.md): filtered and epoched by the same
/// stages a live pipeline uses, chunk by chunk; the epochs per event must equal the file's annotations.
/// </summary>
public sealed class RealRecordingTests
{
    /// <summary>Counts per run as PROVENANCE.md lists them (T0 15 in every run).</summary>
    [DataTheory("eegmmidb/S001R03.edf", "eegmmidb/S001R04.edf", "eegmmidb/S001R11.edf")]
    [InlineData("S001R03.edf", 8, 7)]
    [InlineData("S001R04.edf", 8, 7)]
    [InlineData("S001R11.edf", 7, 8)]
    public void Eegmmidb_FilteredAndEpoched_EventCountsMatchTheAnnotations(string file, int t1, int t2)
    {
        var edf = EdfTestReader.Read(TestData.Require("eegmmidb/" + file));
        Assert.Equal(64, edf.Stream.ChannelCount);
        Assert.Equal(160, edf.Stream.NominalRate);
        Assert.Equal(20000, edf.SampleCount);
        var annotated = edf.Annotations.GroupBy(a => a.Text).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(15, annotated["T0"]);
        Assert.Equal(t1, annotated["T1"]);
        Assert.Equal(t2, annotated["T2"]);

        // Samples in 16-sample chunks (what an amplifier at 160 Hz sends every 100 ms), stamped on an LSL-like clock.
        const double origin = 5000.0;
        var chunks = StageHarness.Chunks(edf.Stream, edf.Values, [16], origin);
        var markers = edf.Annotations.Select(a => new MarkerEvent(a.Text, origin + a.Onset, "annotations") { Duration = a.Duration }).ToList();

        var context = StageHarness.Context(out var log, "epochs");
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

        var counts = epochs.GroupBy(e => e.Event!.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(annotated, counts);
        Assert.Equal(0, context.Health["late-markers"]);
        Assert.Equal(0, context.Health["incomplete-epochs"]);
        Assert.All(epochs, e => Assert.Equal(641, e.SampleCount));
        Assert.All(epochs, e => Assert.Equal(e.Event!.Timestamp, e.StartTime, 6));

        // The epoch holds exactly the offline-filtered signal: band-pass + notch of the whole channel, then CAR.
        var sos = ButterworthDesign.Bandpass(4, 8, 30, 160).Then(NotchDesign.Notch(60, 30, 160));
        var whole = new double[edf.Values.Length];
        new SosFilter(sos, 64).Process(edf.Values, whole);
        var probe = epochs[10];
        var first = (int)Math.Round((probe.StartTime - origin) * 160);
        var c3 = edf.Stream.IndexOf("C3");
        for (var t = 0; t < probe.SampleCount; t += 37)
        {
            var row = whole.AsSpan((first + t) * 64, 64);
            var mean = 0.0;
            foreach (var v in row) mean += v;
            mean /= 64;
            Assert.Equal(row[c3] - mean, probe[c3, t], 15);
        }
        // Band-passed EEG in volts: tens of microvolts, not millivolts or raw counts.
        var rms = Math.Sqrt(epochs.SelectMany(e => e.Channel(c3).ToArray()).Average(v => v * v));
        Assert.InRange(rms, 1e-6, 50e-6);
    }
}
