using System.Globalization;
using System.Text.Json;
using Bci.Core.Streams;
using Bci.Recording.Tests.Support;
using Bci.Recording.Xdf;
using Bci.TestSupport;

namespace Bci.Recording.Tests;

/// <summary>
/// Every XDF file in the shared data read here and by pyxdf (golden/pyxdf.json, made by golden/make_golden.py
/// with pyxdf at commit 8ceb102): raw, clock-synchronized, and synchronized + dejittered timestamps, sample
/// counts, first and last values, string markers, clock offsets and segments.
/// </summary>
public sealed class PyxdfGoldenTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in new[] { "minimal", "clock_resets", "empty_streams", "openbci8_string_markers", "muse2x_two_hosts",
                     "opm_meg_int_markers", "keyboard_markers_video_ids", "openbci16_truncated" })
            foreach (var mode in new[] { "raw", "synchronized", "dejittered" })
                data.Add($"xdf-examples/{file}.xdf", mode);
        return data;
    }

    [DataTheory("xdf-examples")]
    [MemberData(nameof(Cases))]
    public void Streams_MatchPyxdf(string relativePath, string mode)
    {
        var options = new RecordingReadOptions
        {
            SynchronizeClocks = mode != "raw",
            Dejitter = mode == "dejittered",
            ConvertToVolts = false, // pyxdf returns the numbers as stored
        };
        var recording = RecordingReader.Open(TestData.Require(relativePath), options);
        var golden = Golden.PyxdfFile(relativePath).GetProperty(mode).EnumerateArray().ToList();
        Assert.Equal(golden.Count, recording.Streams.Length);

        foreach (var expected in golden)
        {
            var id = expected.GetProperty("stream_id").GetInt64().ToString(CultureInfo.InvariantCulture);
            var stream = recording.Streams.Single(s => s.Description.Metadata["xdf.stream_id"] == id);
            var what = $"{relativePath} ({mode}) stream {id} '{stream.Name}'";
            Assert.Equal(expected.GetProperty("name").GetString(), stream.Name);
            Assert.Equal(expected.GetProperty("type").GetString(), stream.Description.Type);
            Assert.Equal(expected.GetProperty("channel_count").GetInt32(), stream.Description.ChannelCount);
            Assert.Equal(expected.GetProperty("nominal_srate").GetDouble(), stream.Description.NominalRate);
            Assert.Equal(expected.GetProperty("n_samples").GetInt64(), stream.SampleCount);
            Assert.Equal(expected.GetProperty("clock_offsets").GetInt32(), stream.ClockOffsets.Count);

            var n = (int)stream.SampleCount;
            if (n == 0) continue;
            // Clock fits are the same algorithm (Huber ADMM); dejitter lines are least squares computed online here
            // and by SVD in numpy: both agree far below a microsecond. Where the fit is extrapolated far beyond the
            // clock offset measurements (muse2x_two_hosts: 1.7e9 s), rounding in the fitted drift (~1e-11) is
            // multiplied by that distance, so the tolerance grows with it (1e-10 per second of extrapolation).
            var tolerance = 1e-6;
            if (mode != "raw" && stream.ClockOffsets.Count > 0)
            {
                var t0 = expected.GetProperty("first_timestamp").GetDouble();
                var distance = Math.Max(0, Math.Max(stream.ClockOffsets.Min(o => o.CollectionTime) - t0, t0 - stream.ClockOffsets.Max(o => o.CollectionTime)));
                tolerance += 1e-10 * distance;
            }
            Near(expected.GetProperty("first_timestamp").GetDouble(), stream.FirstTimestamp, tolerance, what + " first timestamp");
            Near(expected.GetProperty("last_timestamp").GetDouble(), stream.LastTimestamp, tolerance, what + " last timestamp");
            if (stream.Description.IsRegular && n > 1)
                Near(expected.GetProperty("effective_srate").GetDouble(), stream.EffectiveRate, 1e-6 * stream.Description.NominalRate, what + " effective rate");

            var timeline = ((XdfStream)stream).Timeline;
            if (mode == "dejittered" && stream.Description.IsRegular)
                Assert.Equal(expected.GetProperty("segments").GetArrayLength(), timeline.JitterSegments.Count);
            if (mode != "raw" && stream.ClockOffsets.Count > 0)
                Assert.Equal(expected.GetProperty("clock_segments").GetArrayLength(), timeline.ClockSegments.Count);

            var headTimes = expected.GetProperty("timestamps_head").EnumerateArray().Select(e => e.GetDouble()).ToList();
            var tailTimes = expected.GetProperty("timestamps_tail").EnumerateArray().Select(e => e.GetDouble()).ToList();
            var rows = expected.GetProperty("values_head_tail").EnumerateArray().ToList();
            if (stream.Kind == RecordedStreamKind.Markers)
            {
                var markers = stream.ReadMarkers().ToList();
                Assert.Equal(n, markers.Count);
                for (var i = 0; i < headTimes.Count; i++) Near(headTimes[i], markers[i].Timestamp, tolerance, what + $" marker {i}");
                for (var i = 0; i < tailTimes.Count; i++) Near(tailTimes[i], markers[n - tailTimes.Count + i].Timestamp, tolerance, what + " last markers");
                if (expected.GetProperty("string_values").ValueKind == JsonValueKind.Array)
                    Assert.Equal(expected.GetProperty("string_values").EnumerateArray().Select(e => e.GetString()), markers.Select(m => m.Value));
                continue;
            }

            var samples = new List<double[]>();
            var times = new List<double>();
            foreach (var chunk in stream.ReadChunks())
                for (var s = 0; s < chunk.SampleCount; s++)
                {
                    samples.Add(chunk.Sample(s).ToArray());
                    times.Add(chunk.Timestamps[s]);
                }
            Assert.Equal(n, samples.Count);
            for (var i = 0; i < headTimes.Count; i++) Near(headTimes[i], times[i], tolerance, what + $" timestamp {i}");
            for (var i = 0; i < tailTimes.Count; i++) Near(tailTimes[i], times[n - tailTimes.Count + i], tolerance, what + " last timestamps");
            var head = Math.Min(3, n);
            for (var r = 0; r < rows.Count; r++)
            {
                var sample = r < head ? r : n - (rows.Count - r);
                var expectedValues = rows[r].EnumerateArray().Select(e => e.GetDouble()).ToArray();
                Assert.Equal(expectedValues, samples[sample]); // bit-exact: same numbers as stored
            }
        }
    }

    private static void Near(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: {actual:R} here, {expected:R} from pyxdf");
}
