using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Bci.Core.Streams;
using Bci.Recording.IO;

namespace Bci.Recording.Records;

/// <summary>
/// Signals of a record-based file (EDF, BDF, GDF) that share one sampling rate, read block by block straight from
/// the file. A record holds each signal's samples contiguously; chunks are sample-major, so reading transposes.
/// </summary>
internal sealed class RecordSignalStream : RecordedStream
{
    private const int DefaultChunkSamples = 1024;
    private const long MaxBlockBytes = 16L << 20;
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
        var spr = _samplesPerRecord;
        var target = maxChunkSamples > 0 ? maxChunkSamples : DefaultChunkSamples;
        var recordsPerBlock = (int)Math.Clamp(target / spr, 1, Math.Max(1, MaxBlockBytes / Math.Max(1, _layout.RecordBytes)));
        var blockBytes = checked((int)(recordsPerBlock * _layout.RecordBytes));
        var buffer = ArrayPool<byte>.Shared.Rent(blockBytes);
        try
        {
            using var handle = FileReads.OpenRead(_layout.Path);
            for (long record = 0; record < _layout.RecordCount; record += recordsPerBlock)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var records = (int)Math.Min(recordsPerBlock, _layout.RecordCount - record);
                var bytes = buffer.AsSpan(0, (int)(records * _layout.RecordBytes));
                FileReads.ReadExactly(handle, _layout.Path, bytes, _layout.RecordOffset(record), $"records {record}..{record + records - 1}");
                var chunk = Decode(bytes, record, records);
                if (maxChunkSamples <= 0 || chunk.SampleCount <= maxChunkSamples)
                {
                    yield return chunk;
                    continue;
                }
                var c = chunk.ChannelCount;
                for (var start = 0; start < chunk.SampleCount; start += maxChunkSamples)
                {
                    var n = Math.Min(maxChunkSamples, chunk.SampleCount - start);
                    yield return SampleChunk.Copy(Description, chunk.Values.Slice(start * c, n * c), chunk.Timestamps.Slice(start, n));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private SampleChunk Decode(ReadOnlySpan<byte> block, long firstRecord, int records)
    {
        var spr = _samplesPerRecord;
        var channels = _signals.Length;
        var samples = records * spr;
        var values = new double[(long)samples * channels];
        var timestamps = new double[samples];
        var recordBytes = (int)_layout.RecordBytes;
        // Each signal is decoded contiguously into a channel-major scratch record, then transposed in tiles into the
        // sample-major chunk: writing straight into the chunk with a stride of one row touched a new cache line per
        // value and took twice as long on 64-channel files.
        var scratch = ArrayPool<double>.Shared.Rent(channels * spr);
        try
        {
            for (var r = 0; r < records; r++)
            {
                var record = block.Slice(r * recordBytes, recordBytes);
                for (var c = 0; c < channels; c++)
                {
                    var signal = _signals[c];
                    var source = record.Slice((int)signal.OffsetInRecord, spr * RecordLayout.SizeOf(signal.Type));
                    DecodeSignal(signal.Type, source, scratch.AsSpan(c * spr, spr), 1, signal.Gain, signal.Offset);
                }
                Transpose(scratch, channels, spr, values.AsSpan(r * spr * channels, spr * channels));
                for (var s = 0; s < spr; s++) timestamps[r * spr + s] = TimeOf(firstRecord + r, s);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
        return SampleChunk.Wrap(Description, values, timestamps);
    }

    /// <summary>Channel-major [channels x samples] to sample-major [samples x channels], in cache-sized tiles.</summary>
    private static void Transpose(double[] channelMajor, int channels, int samples, Span<double> sampleMajor)
    {
        const int Tile = 16;
        for (var s0 = 0; s0 < samples; s0 += Tile)
        {
            var s1 = Math.Min(s0 + Tile, samples);
            for (var c0 = 0; c0 < channels; c0 += Tile)
            {
                var c1 = Math.Min(c0 + Tile, channels);
                for (var s = s0; s < s1; s++)
                {
                    var row = sampleMajor.Slice(s * channels, channels);
                    for (var c = c0; c < c1; c++) row[c] = channelMajor[c * samples + s];
                }
            }
        }
    }

    // One loop per stored type keeps the type switch out of the per-sample path.
    private static void DecodeSignal(SampleType type, ReadOnlySpan<byte> source, Span<double> destination, int stride, double gain, double offset)
    {
        if (!BitConverter.IsLittleEndian && type is not (SampleType.Int8 or SampleType.UInt8 or SampleType.Int24))
        {
            DecodePortable(type, source, destination, stride, gain, offset);
            return;
        }
        switch (type)
        {
            case SampleType.Int16: Scale(MemoryMarshal.Cast<byte, short>(source), destination, stride, gain, offset); break;
            case SampleType.UInt16: Scale(MemoryMarshal.Cast<byte, ushort>(source), destination, stride, gain, offset); break;
            case SampleType.Int32: Scale(MemoryMarshal.Cast<byte, int>(source), destination, stride, gain, offset); break;
            case SampleType.UInt32: Scale(MemoryMarshal.Cast<byte, uint>(source), destination, stride, gain, offset); break;
            case SampleType.Int64: Scale(MemoryMarshal.Cast<byte, long>(source), destination, stride, gain, offset); break;
            case SampleType.UInt64: Scale(MemoryMarshal.Cast<byte, ulong>(source), destination, stride, gain, offset); break;
            case SampleType.Float32: Scale(MemoryMarshal.Cast<byte, float>(source), destination, stride, gain, offset); break;
            case SampleType.Float64: Scale(MemoryMarshal.Cast<byte, double>(source), destination, stride, gain, offset); break;
            case SampleType.Int8: Scale(MemoryMarshal.Cast<byte, sbyte>(source), destination, stride, gain, offset); break;
            case SampleType.UInt8: Scale(source, destination, stride, gain, offset); break;
            case SampleType.Int24:
                for (int i = 0, d = 0; i + 2 < source.Length; i += 3, d += stride)
                    destination[d] = (source[i] | source[i + 1] << 8 | (sbyte)source[i + 2] << 16) * gain + offset;
                break;
        }
    }

    private static void Scale<T>(ReadOnlySpan<T> raw, Span<double> destination, int stride, double gain, double offset)
        where T : System.Numerics.INumberBase<T>
    {
        for (int s = 0, d = 0; s < raw.Length; s++, d += stride)
            destination[d] = double.CreateTruncating(raw[s]) * gain + offset;
    }

    private static void DecodePortable(SampleType type, ReadOnlySpan<byte> source, Span<double> destination, int stride, double gain, double offset)
    {
        var size = RecordLayout.SizeOf(type);
        for (int i = 0, d = 0; i + size <= source.Length; i += size, d += stride)
        {
            var s = source.Slice(i, size);
            double raw = type switch
            {
                SampleType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(s),
                SampleType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(s),
                SampleType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(s),
                SampleType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(s),
                SampleType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(s),
                SampleType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(s),
                SampleType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(s),
                _ => BinaryPrimitives.ReadDoubleLittleEndian(s),
            };
            destination[d] = raw * gain + offset;
        }
    }
}
