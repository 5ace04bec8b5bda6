using System.Runtime.CompilerServices;
using System.Globalization;
using Bci.Core.Streams;
using Bci.Recording.IO;

namespace Bci.Recording.Xdf;

/// <summary>
/// One stream of an XDF file. Samples are parsed chunk by chunk from the file when read; timestamps get the
/// stream's clock synchronization and (when asked) dejittering from the <see cref="XdfTimeline"/> built at open.
/// String streams are read as markers; numeric irregular streams can be read either way.
/// </summary>
internal sealed class XdfStream : RecordedStream
{
    private readonly string _path;
    private readonly XdfStreamHeader _header;
    private readonly XdfTimeline _timeline;

    public XdfStream(string path, XdfStreamHeader header, XdfTimeline timeline, StreamDescription description)
        : base(description, header.WireFormat == ChannelFormat.String ? RecordedStreamKind.Markers : RecordedStreamKind.Signal)
    {
        _path = path;
        _header = header;
        _timeline = timeline;
    }

    public override long SampleCount => _timeline.SampleCount;
    public override double FirstTimestamp => _timeline.FirstTimestamp;
    public override double LastTimestamp => _timeline.LastTimestamp;
    public override IReadOnlyList<ClockOffset> ClockOffsets => _timeline.ClockOffsets;
    public override int ClockResets => _timeline.ClockResets;
    public override double EffectiveRate => _timeline.EffectiveRate;
    public uint StreamId => _header.StreamId;
    public XdfTimeline Timeline => _timeline;

    public override IEnumerable<SampleChunk> ReadChunks(int maxChunkSamples = 0, CancellationToken cancellationToken = default)
    {
        if (Kind != RecordedStreamKind.Signal) return base.ReadChunks(maxChunkSamples, cancellationToken);
        return ReadSamples(maxChunkSamples, cancellationToken);
    }

    private IEnumerable<SampleChunk> ReadSamples(int maxChunkSamples, CancellationToken cancellationToken)
    {
        var channels = _header.ChannelCount;
        var tdiff = _header.NominalRate > 0 ? 1.0 / _header.NominalRate : 0;
        var mapper = new XdfTimeMapper(_timeline);
        using var handle = FileReads.OpenRead(_path);
        using var cursor = new XdfCursor(handle);
        foreach (var plan in _timeline.Chunks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            cursor.Seek(plan.Start, plan.End);
            var last = plan.CarryIn;
            double[] values, times;
            try
            {
                XdfSampleParser.ReadCount(cursor, _header.WireFormat, channels);
                // ParseSamples writes every value (or the chunk is thrown away): no clearing needed.
                values = GC.AllocateUninitializedArray<double>(checked(plan.Count * channels));
                times = new double[plan.Count];
                ParseSamples(cursor, plan, mapper, values, times, last, tdiff);
            }
            catch (XdfCursor.Overrun e)
            {
                throw new RecordingFormatException(_path, e.Offset, $"stream '{Name}': samples chunk changed since the file was opened: {e.Message}");
            }
            var chunk = SampleChunk.Wrap(Description, values, times, timesCorrected: _timeline.Synchronized);
            if (maxChunkSamples <= 0 || chunk.SampleCount <= maxChunkSamples)
            {
                yield return chunk;
                continue;
            }
            for (var start = 0; start < chunk.SampleCount; start += maxChunkSamples)
            {
                var n = Math.Min(maxChunkSamples, chunk.SampleCount - start);
                yield return SampleChunk.Copy(Description, chunk.Values.Slice(start * channels, n * channels), chunk.Timestamps.Slice(start, n), _timeline.Synchronized);
            }
        }
    }

    // Not in the iterator above, whose state machine is compiled without full optimisation until tiering catches up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParseSamples(XdfCursor cursor, XdfTimeline.ChunkPlan plan, XdfTimeMapper mapper, double[] values, double[] times, double last, double tdiff)
    {
        var channels = _header.ChannelCount;
        for (var i = 0; i < plan.Count; i++)
        {
            var raw = XdfSampleParser.Timestamp(cursor, ref last, tdiff);
            times[i] = mapper.Map(plan.FirstIndex + i, raw);
            XdfSampleParser.Values(cursor, _header.WireFormat, values.AsSpan(i * channels, channels), _header.Scale);
        }
    }

    public override IEnumerable<MarkerEvent> ReadMarkers(CancellationToken cancellationToken = default)
    {
        if (Kind == RecordedStreamKind.Signal && (Description.IsRegular || _header.ChannelCount != 1))
            return base.ReadMarkers(cancellationToken);
        return ReadEvents(cancellationToken);
    }

    private IEnumerable<MarkerEvent> ReadEvents(CancellationToken cancellationToken)
    {
        var channels = _header.ChannelCount;
        var tdiff = _header.NominalRate > 0 ? 1.0 / _header.NominalRate : 0;
        var mapper = new XdfTimeMapper(_timeline);
        var numbers = new double[channels];
        using var handle = FileReads.OpenRead(_path);
        using var cursor = new XdfCursor(handle);
        var batch = new List<MarkerEvent>();
        foreach (var plan in _timeline.Chunks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            cursor.Seek(plan.Start, plan.End);
            var last = plan.CarryIn;
            batch.Clear();
            try
            {
                XdfSampleParser.ReadCount(cursor, _header.WireFormat, channels);
                for (var i = 0; i < plan.Count; i++)
                {
                    var raw = XdfSampleParser.Timestamp(cursor, ref last, tdiff);
                    var t = mapper.Map(plan.FirstIndex + i, raw);
                    string value;
                    if (_header.WireFormat == ChannelFormat.String)
                        value = XdfSampleParser.Strings(cursor, channels);
                    else
                    {
                        // Numeric markers (event codes) are carried as their text, unscaled.
                        XdfSampleParser.Values(cursor, _header.WireFormat, numbers, null);
                        value = numbers[0].ToString(CultureInfo.InvariantCulture);
                    }
                    batch.Add(new MarkerEvent(value, t, Name));
                }
            }
            catch (XdfCursor.Overrun e)
            {
                throw new RecordingFormatException(_path, e.Offset, $"stream '{Name}': samples chunk changed since the file was opened: {e.Message}");
            }
            foreach (var marker in batch) yield return marker;
        }
    }
}
