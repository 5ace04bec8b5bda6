using System.Text.Json;
using Bci.Recording.Tests.Support;
using Bci.TestSupport;

namespace Bci.Recording.Tests;

/// <summary>
/// Every EDF/BDF/GDF/EEGLAB file in the shared data read here and by MNE-Python (golden/mne.json, made by
/// golden/make_golden.py): same channels, rates, sample counts, values and annotations.
/// </summary>
public sealed class MneGoldenTests
{
    [DataTheory("eegmmidb", "edf-bdf-gdf", "eeglab-sample")]
    [InlineData("eegmmidb/S001R03.edf")]
    [InlineData("eegmmidb/S001R04.edf")]
    [InlineData("eegmmidb/S001R07.edf")]
    [InlineData("eegmmidb/S001R08.edf")]
    [InlineData("eegmmidb/S001R11.edf")]
    [InlineData("eegmmidb/S001R12.edf")]
    [InlineData("eeglab-sample/test.edf")]
    [InlineData("edf-bdf-gdf/test_utf8_annotations.edf")]
    [InlineData("edf-bdf-gdf/subsecond_starttime.edf")]
    [InlineData("edf-bdf-gdf/test_edf_stim_channel.edf")]
    [InlineData("edf-bdf-gdf/test_uneven_samp.edf")]
    [InlineData("eeglab-sample/test.bdf")]
    [InlineData("edf-bdf-gdf/test_bdf_stim_channel.bdf")]
    [InlineData("edf-bdf-gdf/multiple_annotation_chans.bdf")]
    [InlineData("edf-bdf-gdf/test_1ch.gdf")]
    [InlineData("edf-bdf-gdf/biosig_sample_gdf1.25.gdf")]
    [InlineData("edf-bdf-gdf/ch1undch2stoerung_gdf1.24.gdf")]
    [InlineData("eeglab-sample/eeglab_data.set")]
    public void SignalsAndAnnotations_MatchMne(string relativePath)
    {
        var golden = Golden.MneFile(relativePath);
        var recording = RecordingReader.Open(TestData.Require(relativePath));

        var signalStreams = recording.SignalStreams.ToList();
        var originalLabels = signalStreams.SelectMany(s => s.Description.Channels.Select(c => c.OriginalLabel)).ToList();
        var mneNames = golden.GetProperty("ch_names").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(mneNames.Order(), originalLabels.Order());

        var compare = golden.GetProperty("compare_channels").EnumerateArray().Select(e => e.GetString()!).ToList();
        var stream = signalStreams.Single(s => s.Description.Channels.Any(c => c.OriginalLabel == compare[0]));
        Assert.Equal(golden.GetProperty("sfreq").GetDouble(), stream.Description.NominalRate, 9);
        Assert.Equal(golden.GetProperty("n_times").GetInt64(), stream.SampleCount);
        Assert.Equal(golden.GetProperty("times_last").GetDouble(), stream.LastTimestamp, 9);

        var n = (int)stream.SampleCount;
        var middle = golden.GetProperty("middle_index").GetInt32();
        var wanted = new HashSet<int>(Enumerable.Range(0, 5).Concat([middle]).Concat(Enumerable.Range(n - 3, 3)));
        var ours = new Dictionary<int, double[]>();
        var index = 0;
        foreach (var chunk in stream.ReadChunks())
        {
            for (var s = 0; s < chunk.SampleCount; s++, index++)
                if (wanted.Contains(index)) ours[index] = chunk.Sample(s).ToArray();
        }
        Assert.Equal(n, index);

        var scales = golden.GetProperty("volts_per_value").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var compared = 0;
        foreach (var label in compare)
        {
            var mneRow = mneNames.IndexOf(label);
            var ourColumn = stream.Description.Channels.Select(c => c.OriginalLabel).ToList().IndexOf(label);
            void Check(double reference, int sample)
            {
                var expected = reference * scales[mneRow];
                var actual = ours[sample][ourColumn];
                // MNE computes in float64 like this reader; 1e-7 relative covers its float32 GDF calibration.
                Assert.True(Math.Abs(actual - expected) <= 1e-7 * Math.Abs(expected) + 1e-12,
                    $"{relativePath} channel '{label}' sample {sample}: {actual} here, {expected} from MNE");
                compared++;
            }
            var first = golden.GetProperty("first")[mneRow].EnumerateArray().Select(e => e.GetDouble()).ToList();
            for (var i = 0; i < first.Count; i++) Check(first[i], i);
            var last = golden.GetProperty("last")[mneRow].EnumerateArray().Select(e => e.GetDouble()).ToList();
            for (var i = 0; i < last.Count; i++) Check(last[i], n - last.Count + i);
            Check(golden.GetProperty("middle")[mneRow].GetDouble(), middle);
        }
        Assert.Equal(compare.Count * 9, compared);

        // The channel-major reads (MNE's get_data layout) give the very same values: doubles bit for bit, floats
        // rounded once from them.
        var rows = stream.ReadAllChannels();
        var singles = stream.ReadAllChannelsSingle();
        for (var c = 0; c < stream.Description.ChannelCount; c++)
            foreach (var sample in wanted)
            {
                Assert.Equal(ours[sample][c], rows[c * n + sample]);
                Assert.Equal((float)ours[sample][c], singles[c * n + sample]);
            }

        AssertAnnotations(golden, recording);
    }

    [DataFact("edf-bdf-gdf/SC4001EC-Hypnogram.edf")]
    public void HypnogramWithoutSignals_Has154AnnotationsWithDurations_LikeMneReadAnnotations()
    {
        var golden = Golden.MneFile("edf-bdf-gdf/SC4001EC-Hypnogram.edf");
        var recording = RecordingReader.Open(TestData.Require("edf-bdf-gdf/SC4001EC-Hypnogram.edf"));
        Assert.Empty(recording.SignalStreams);
        AssertAnnotations(golden, recording);
        Assert.Equal(154, recording.ReadAllMarkers().Count);
    }

    private static void AssertAnnotations(JsonElement golden, Recording recording)
    {
        var expected = golden.GetProperty("annotations").EnumerateArray()
            .Select(a => (Onset: a.GetProperty("onset").GetDouble(), Duration: a.GetProperty("duration").GetDouble(), Text: a.GetProperty("description").GetString()))
            .ToList();
        var actual = recording.ReadAllMarkers();
        Assert.Equal(expected.Count, actual.Count);
        var sortedExpected = expected.OrderBy(a => a.Onset).ThenBy(a => a.Text, StringComparer.Ordinal).ToList();
        var sortedActual = actual.OrderBy(a => a.Timestamp).ThenBy(a => a.Value, StringComparer.Ordinal).ToList();
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(sortedExpected[i].Text, sortedActual[i].Value);
            Assert.Equal(sortedExpected[i].Onset, sortedActual[i].Timestamp, 6);
            // EDF+ durations come from the TALs in both readers (MNE widens GDF's to at least one sample).
            if (recording.Format is RecordingFormat.EdfPlus or RecordingFormat.BdfPlus)
                Assert.Equal(sortedExpected[i].Duration, sortedActual[i].Duration, 6);
        }
    }
}
