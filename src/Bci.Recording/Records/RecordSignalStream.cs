using System.Runtime.CompilerServices;
using System.Buffers;
using System.Runtime.ExceptionServices;
using Bci.Core.Streams;
using Bci.Recording.IO;

namespace Bci.Recording.Records;

/// <summary>
/// Signals of a record-based file (EDF, BDF, GDF) that share one sampling rate, read block by block straight from
/// the file. A record holds each signal's samples contiguously: channel-major reads decode straight into the
/// channel rows; chunks are sample-major, so reading them decodes channel-major and transposes.
/// </summary>
internal sealed class RecordSignalStream : RecordedStream
{
    private const int SmallChunkValues = 8192;
    private const int ReadBytes = 1 << 20;
    private const long MinBytesPerTask = 8L << 20;
    private const int MaxTasks = 8;
    private readonly RecordLayout _layout;
    private readonly RecordSignal[] _signals;
    private readonly int _samplesPerRecord;

    public RecordSignalStream(StreamDescription description, RecordLayout layout, IReadOnlyList<RecordSignal> signals)
        : base(description, RecordedStreamKind.Signal)
    {
        _layout = layout;
        _signals = signals.ToArray();
        _samplesPerRecord = _signals[0].SamplesPerRecord;
        if (_signals.Any(s => s.SamplesPerRecord != _samplesPerRecord))
            throw new ArgumentException("signals of one stream must share their samples per record");
    }

    public override long SampleCount => _layout.RecordCount * _samplesPerRecord;

    public override double FirstTimestamp => SampleCount == 0 ? double.NaN : TimeOf(0, 0);

    public override double LastTimestamp => SampleCount == 0 ? double.NaN : TimeOf(_layout.RecordCount - 1, _samplesPerRecord - 1);

    private double Rate => Description.NominalRate;

    private double TimeOf(long record, int sample) =>
        _layout.RecordOnsets is { } onsets
            ? onsets[record] + sample / Rate
            : (record * _samplesPerRecord + sample) / Rate;

    public override IEnumerable<SampleChunk> ReadChunks(int maxChunkSamples = 0, CancellationToken cancellationToken = default)
    {
        if (SampleCount == 0) yield break;
        var channels = _signals.Length;
        var recordBytes = (int)_layout.RecordBytes;
        // Chunks of at most 64 KB of values stay out of the large-object heap, whose memory the runtime hands back
        // and maps afresh: on 64-channel files the page faults of whole-record chunks cost more than the decoding.
        var target = maxChunkSamples > 0 ? maxChunkSamples : Math.Max(1, SmallChunkValues / channels);
        var recordsPerBlock = (int)Math.Clamp(ReadBytes / recordBytes, 1, _layout.RecordCount);
        // A chunk never spans two reads, so no chunk (nor its scratch) is larger than one read's samples.
        target = (int)Math.Min(target, (long)recordsPerBlock * _samplesPerRecord);
        var buffer = ArrayPool<byte>.Shared.Rent(recordsPerBlock * recordBytes);
        var scratch = ArrayPool<double>.Shared.Rent(channels * target);
        try
        {
            using var handle = FileReads.OpenRead(_layout.Path);
            for (long record = 0; record < _layout.RecordCount; record += recordsPerBlock)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var records = (int)Math.Min(recordsPerBlock, _layout.RecordCount - record);
                FileReads.ReadExactly(handle, _layout.Path, buffer.AsSpan(0, records * recordBytes), _layout.RecordOffset(record),
                    $"records {record}..{record + records - 1}");
                var blockEnd = (record + records) * _samplesPerRecord;
                for (var first = record * _samplesPerRecord; first < blockEnd; first += target)
                {
                    var n = (int)Math.Min(target, blockEnd - first);
                    var channelMajor = scratch.AsSpan(0, channels * n);
                    DecodeBlock(buffer.AsSpan(0, records * recordBytes), record, first, n, channelMajor);
                    // Every value is written below: no need for the runtime to clear the array first.
                    var values = GC.AllocateUninitializedArray<double>(n * channels);
                    RecordDecoder.Transpose(channelMajor, channels, n, values);
                    yield return SampleChunk.Wrap(Description, values, Timestamps(first, n));
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double[] Timestamps(long firstSample, int count)
    {
        // The same arithmetic as TimeOf, with the record and sample counted along instead of divided out.
        var times = new double[count];
        var rate = Rate;
        var onsets = _layout.RecordOnsets;
        var record = firstSample / _samplesPerRecord;
        var sample = (int)(firstSample % _samplesPerRecord);
        for (var i = 0; i < count; i++)
        {
            times[i] = onsets is null ? (record * _samplesPerRecord + sample) / rate : onsets[record] + sample / rate;
            if (++sample == _samplesPerRecord)
            {
                sample = 0;
                record++;
            }
        }
        return times;
    }

    /// <summary>
    /// Decodes whole runs of records straight into the channel rows (nothing is transposed); ranges of several MB
    /// are split by records over the cores, each part with its own file handle and read buffer.
    /// </summary>
    protected override unsafe void ReadChannelsCore<T>(long firstSample, int count, Span<T> destination, CancellationToken cancellationToken)
    {
        if (count == 0) return;
        var firstRecord = firstSample / _samplesPerRecord;
        var endRecord = (firstSample + count - 1) / _samplesPerRecord + 1;
        var records = endRecord - firstRecord;
        var parts = (int)Math.Min(Math.Clamp(records * _layout.RecordBytes / MinBytesPerTask, 1, Math.Min(Environment.ProcessorCount, MaxTasks)), records);
        if (parts == 1)
        {
            DecodeRecords(firstRecord, endRecord, firstSample, count, destination, cancellationToken);
            return;
        }
        fixed (T* pointer = destination)
        {
            // Parts write disjoint columns of the same rows; the span is pinned for the duration of the loop.
            var address = (nint)pointer;
            var length = destination.Length;
            try
            {
                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts, CancellationToken = cancellationToken }, part =>
                    DecodeRecords(firstRecord + records * part / parts, firstRecord + records * (part + 1) / parts,
                        firstSample, count, new Span<T>((void*)address, length), cancellationToken));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }
    }

    private void DecodeRecords<T>(long fromRecord, long toRecord, long firstSample, int count, Span<T> destination, CancellationToken cancellationToken)
        where T : unmanaged
    {
        var recordBytes = (int)_layout.RecordBytes;
        var perRead = (int)Math.Clamp(ReadBytes / recordBytes, 1, toRecord - fromRecord);
        var buffer = ArrayPool<byte>.Shared.Rent(perRead * recordBytes);
        try
        {
            using var handle = FileReads.OpenRead(_layout.Path);
            for (var record = fromRecord; record < toRecord; record += perRead)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = (int)Math.Min(perRead, toRecord - record);
                var bytes = buffer.AsSpan(0, n * recordBytes);
                FileReads.ReadExactly(handle, _layout.Path, bytes, _layout.RecordOffset(record), $"records {record}..{record + n - 1}");
                DecodeBlock(bytes, record, firstSample, count, destination);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Decodes the samples [firstSample, firstSample + count) that lie in <paramref name="block"/> (whole records from
    /// <paramref name="blockRecord"/>) into their places in the channel-major <paramref name="destination"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DecodeBlock<T>(ReadOnlySpan<byte> block, long blockRecord, long firstSample, int count, Span<T> destination)
        where T : unmanaged
    {
        var spr = _samplesPerRecord;
        var recordBytes = (int)_layout.RecordBytes;
        var records = block.Length / recordBytes;
        var end = firstSample + count;
        for (var r = 0; r < records; r++)
        {
            var recordStart = (blockRecord + r) * spr;
            if (recordStart + spr <= firstSample || recordStart >= end) continue;
            var s0 = (int)(Math.Max(firstSample, recordStart) - recordStart);
            var s1 = (int)(Math.Min(end, recordStart + spr) - recordStart);
            var at = (int)(recordStart + s0 - firstSample);
            var data = block.Slice(r * recordBytes, recordBytes);
            for (var c = 0; c < _signals.Length; c++)
            {
                var signal = _signals[c];
                var size = RecordLayout.SizeOf(signal.Type);
                var source = data.Slice((int)signal.OffsetInRecord + s0 * size, (s1 - s0) * size);
                RecordDecoder.Signal(signal.Type, source, destination.Slice(c * count + at, s1 - s0), signal.Gain, signal.Offset);
            }
        }
    }
}
