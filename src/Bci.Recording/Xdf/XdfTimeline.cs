using System.Runtime.CompilerServices;
using Bci.Core.Streams;
using Microsoft.Win32.SafeHandles;

namespace Bci.Recording.Xdf;

/// <summary>
/// Second pass over an XDF file, timestamps only: which Samples chunks parse, how many samples each holds and
/// the timestamp carried into it (deduced timestamps continue from the previous chunk), where the clock segments
/// begin in sample indices, and the dejitter line of every gap-free segment. Holds O(chunks + segments), never
/// the samples, so a file of any size can be indexed. Mapping sample k with raw timestamp t:
/// synchronized = t + a + b * t (a, b of k's clock segment); dejittered = intercept + slope * k.
/// </summary>
internal sealed class XdfTimeline
{
    /// <summary>Timestamps beyond this (seconds; ~3 million years) can only come from corrupt bytes.</summary>
    internal const double MaxTimestamp = 1e14;

    public readonly record struct ChunkPlan(long Start, long End, int Count, double CarryIn, long FirstIndex);

    public readonly record struct IndexSegment(long First, long Last, double A, double B);

    public List<ChunkPlan> Chunks { get; } = [];
    public List<IndexSegment> ClockSegments { get; } = [];
    public List<IndexSegment> JitterSegments { get; } = [];
    public List<RecordingProblem> Problems { get; } = [];
    public long SampleCount { get; private set; }
    public double FirstTimestamp { get; private set; } = double.NaN;
    public double LastTimestamp { get; private set; } = double.NaN;
    public double RawFirstTimestamp { get; private set; } = double.NaN;
    public double RawLastTimestamp { get; private set; } = double.NaN;
    public double EffectiveRate { get; private set; }
    public int ClockResets { get; private set; }
    public bool Synchronized { get; private set; }
    public bool Dejittered { get; private set; }
    public IReadOnlyList<ClockOffset> ClockOffsets { get; private set; } = [];

    /// <summary>Samples beyond this index are dropped (pyxdf's fix for the pylsl#67 extra sample).</summary>
    public long SampleLimit { get; private set; } = long.MaxValue;

    public static Dictionary<XdfIndex.StreamEntry, XdfTimeline> Build(string path, SafeFileHandle handle, XdfIndex index,
        RecordingReadOptions options, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var builders = index.Streams.ToDictionary(s => s, s => new Builder(s, options));
        var all = index.Streams.SelectMany(s => s.Chunks.Select(c => (Stream: s, Chunk: c))).OrderBy(x => x.Chunk.Start).ToList();
        using var cursor = new XdfCursor(handle);
        var done = 0;
        foreach (var (stream, chunk) in all)
        {
            cancellationToken.ThrowIfCancellationRequested();
            builders[stream].Add(cursor, chunk);
            if (progress is not null && ++done % 256 == 0) progress.Report((double)chunk.Start / Math.Max(1, index.FileLength));
        }
        return builders.ToDictionary(b => b.Key, b => b.Value.Finish());
    }

    private sealed class Builder
    {
        private readonly XdfIndex.StreamEntry _stream;
        private readonly RecordingReadOptions _options;
        private readonly XdfTimeline _timeline = new();
        private readonly List<ClockSynchronization.Segment> _fits;
        private readonly List<ClockOffset> _offsets;
        private readonly double _tdiff;
        private readonly double _breakThreshold;
        private readonly bool _dejitter;
        private double _last;        // raw timestamp carried between chunks (deduced stamps continue from it)
        private long _index;
        private int _range;           // current clock range
        private long _rangeStart;
        private double _previousSynced = double.NaN;
        private Regression _segment = new();
        private long _segmentStart;
        private readonly List<(long First, long Last, Regression Fit)> _segments = [];

        public Builder(XdfIndex.StreamEntry stream, RecordingReadOptions options)
        {
            _stream = stream;
            _options = options;
            var header = stream.Header;
            _tdiff = header.NominalRate > 0 ? 1.0 / header.NominalRate : 0;
            _offsets = [.. stream.ClockOffsets];
            if (options.SynchronizeClocks && stream.FooterSampleCount is { } footer && stream.DeclaredSamples > footer
                && ClockSynchronization.LastOffsetLooksCorrupted(_offsets))
            {
                _offsets.RemoveAt(_offsets.Count - 1);
                _timeline.SampleLimit = footer;
                _timeline.Problems.Add(new RecordingProblem(
                    $"{stream.DeclaredSamples - footer} sample(s) past the footer's count and an outlying last clock offset (the pylsl#67 bug): both dropped, as pyxdf does",
                    null, header.Description.Name));
            }
            _fits = options.SynchronizeClocks && _offsets.Count > 0 && stream.DeclaredSamples > 0
                ? ClockSynchronization.Fit(_offsets, options.HandleClockResets, new ClockSynchronization.Thresholds())
                : [];
            _timeline.ClockOffsets = _offsets;
            _timeline.Synchronized = _fits.Count > 0;
            _timeline.ClockResets = Math.Max(0, _fits.Count - 1);
            _dejitter = options.Dejitter && header.NominalRate > 0 && !header.CanDropSamples;
            _timeline.Dejittered = _dejitter;
            _breakThreshold = Math.Max(options.JitterBreakThresholdSeconds, options.JitterBreakThresholdSamples * _tdiff);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(XdfCursor cursor, XdfIndex.SamplesChunk chunk)
        {
            var header = _stream.Header;
            if (_index >= _timeline.SampleLimit) return;
            cursor.Seek(chunk.Start, chunk.End);
            var carry = _last;
            var firstIndex = _index;
            // Parse the whole chunk before using any of it: a chunk that does not parse is dropped whole.
            int count;
            double[] stamps;
            try
            {
                count = XdfSampleParser.ReadCount(cursor, header.WireFormat, header.ChannelCount);
                stamps = new double[count];
                var last = _last;
                for (var i = 0; i < count; i++)
                {
                    stamps[i] = XdfSampleParser.Timestamp(cursor, ref last, _tdiff);
                    XdfSampleParser.SkipValues(cursor, header.WireFormat, header.ChannelCount);
                }
                _last = last;
                for (var i = 0; i < count; i++)
                    if (!(Math.Abs(stamps[i]) < MaxTimestamp))
                        throw new XdfCursor.Overrun(chunk.Start, $"sample {i} has timestamp {stamps[i]}, which no clock produces");
            }
            catch (XdfCursor.Overrun e)
            {
                _timeline.Problems.Add(new RecordingProblem($"samples chunk does not parse ({e.Message}); its samples are skipped", e.Offset, header.Description.Name));
                return;
            }
            if (firstIndex + count > _timeline.SampleLimit) count = (int)(_timeline.SampleLimit - firstIndex);
            if (count <= 0) return;
            _timeline.Chunks.Add(new ChunkPlan(chunk.Start, chunk.End, count, carry, firstIndex));
            for (var i = 0; i < count; i++) Sample(stamps[i]);
        }

        private void Sample(double raw)
        {
            if (_index == 0) _timeline.RawFirstTimestamp = raw;
            _timeline.RawLastTimestamp = raw;
            var t = raw;
            if (_fits.Count > 0)
            {
                // pyxdf: a sample leaves its clock segment once it is closer to the next segment's first offset
                // time than to this segment's last one.
                while (_range < _fits.Count - 1)
                {
                    var currentEnd = _offsets[_fits[_range].Last].CollectionTime;
                    var nextStart = _offsets[_fits[_range + 1].First].CollectionTime;
                    if (Math.Abs(raw - currentEnd) < Math.Abs(raw - nextStart)) break;
                    CloseRange();
                    _range++;
                }
                t = raw + _fits[_range].Intercept + _fits[_range].Slope * raw;
            }
            if (_dejitter)
            {
                if (_index > 0 && Math.Abs(t - _previousSynced) > _breakThreshold)
                {
                    _segments.Add((_segmentStart, _index - 1, _segment));
                    _segment = new Regression();
                    _segmentStart = _index;
                }
                _segment.Add(_index, t);
            }
            _previousSynced = t;
            _index++;
        }

        private void CloseRange()
        {
            if (_index > _rangeStart)
                _timeline.ClockSegments.Add(new IndexSegment(_rangeStart, _index - 1, _fits[_range].Intercept, _fits[_range].Slope));
            _rangeStart = _index;
        }

        public XdfTimeline Finish()
        {
            var t = _timeline;
            t.SampleCount = _index;
            if (_index == 0) return t;
            if (_fits.Count > 0) CloseRange();
            if (_dejitter)
            {
                _segments.Add((_segmentStart, _index - 1, _segment));
                foreach (var (first, last, fit) in _segments)
                {
                    var (intercept, slope) = fit.Line();
                    t.JitterSegments.Add(new IndexSegment(first, last, intercept, slope));
                }
            }
            var mapper = new XdfTimeMapper(t);
            t.FirstTimestamp = mapper.Map(0, t.RawFirstTimestamp);
            mapper = new XdfTimeMapper(t);
            t.LastTimestamp = mapper.Map(_index - 1, t.RawLastTimestamp);
            if (!double.IsFinite(t.FirstTimestamp) || !double.IsFinite(t.LastTimestamp))
            {
                // Only garbled clock offsets get here: fall back to the raw times rather than emit infinities.
                t.Problems.Add(new RecordingProblem("clock offsets give non-finite times; timestamps are left unsynchronized", null, _stream.Header.Description.Name));
                t.ClockSegments.Clear();
                t.JitterSegments.Clear();
                t.Synchronized = false;
                t.Dejittered = false;
                t.FirstTimestamp = t.RawFirstTimestamp;
                t.LastTimestamp = t.RawLastTimestamp;
            }

            if (_stream.Header.NominalRate > 0 && _index > 1)
            {
                if (_dejitter)
                {
                    double samples = 0, seconds = 0;
                    foreach (var s in t.JitterSegments)
                    {
                        samples += s.Last - s.First;
                        seconds += s.B * (s.Last - s.First);
                    }
                    t.EffectiveRate = seconds != 0 ? samples / seconds : 0;
                }
                else
                {
                    var duration = t.LastTimestamp - t.FirstTimestamp;
                    t.EffectiveRate = duration != 0 ? (_index - 1) / duration : 0;
                }
            }
            if (t.Synchronized && _offsets.Count > 0)
            {
                var earliest = _offsets.Min(o => o.CollectionTime);
                var latest = _offsets.Max(o => o.CollectionTime);
                var outside = Math.Max(earliest - t.RawFirstTimestamp, t.RawLastTimestamp - latest);
                // Extrapolating a drift fit far moves the times by slope x distance: only worth a warning when that is visible.
                var shift = _fits.Max(f => Math.Abs(f.Slope)) * outside;
                if (outside > 3600 && shift > 1e-3)
                    t.Problems.Add(new RecordingProblem(
                        $"timestamps lie up to {outside:0} s outside the clock offset measurements ({earliest:0.###}..{latest:0.###} s): the drift fit extrapolated that far moves them by up to {shift:0.###} s and may be wrong (read without clock synchronization to keep the raw times)",
                        null, _stream.Header.Description.Name));
            }
            if (t.ClockResets > 0)
                t.Problems.Add(new RecordingProblem($"{t.ClockResets} clock reset(s) detected in the clock offsets; each clock segment is synchronized on its own", null, _stream.Header.Description.Name));
            return t;
        }
    }

    /// <summary>
    /// Online least squares of t on k, numerically stable: values are taken relative to the segment's first
    /// sample (LSL times are ~1e6 s, so raw sums would lose microseconds) and accumulated as Welford co-moments.
    /// </summary>
    private sealed class Regression
    {
        private long _n;
        private long _k0;
        private double _t0;
        private double _meanK, _meanT, _skk, _skt;

        public void Add(long k, double t)
        {
            if (_n == 0) { _k0 = k; _t0 = t; }
            _n++;
            double x = k - _k0, y = t - _t0;
            var dx = x - _meanK;
            _meanK += dx / _n;
            var dy = y - _meanT;
            _meanT += dy / _n;
            _skk += dx * (x - _meanK);
            _skt += dx * (y - _meanT);
        }

        /// <summary>The line t = intercept + slope * k.</summary>
        public (double Intercept, double Slope) Line()
        {
            if (_n < 2 || _skk == 0) return (_t0 + _meanT, 0);
            var slope = _skt / _skk;
            return (_t0 + (_meanT - slope * (_meanK + _k0)), slope);
        }
    }
}
