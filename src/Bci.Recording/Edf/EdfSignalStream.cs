using System.Buffers;
using System.Runtime.InteropServices;
using Bci.Core.Streams;
using Bci.Recording.IO;

namespace Bci.Recording.Edf;

/// <summary>
/// The data signals of an EDF/BDF file that share one sampling rate, read record by record straight from the
/// file. Each record holds every signal's samples contiguously; chunks are sample-major, so reading transposes.
/// </summary>
internal sealed class EdfSignalStream : RecordedStream
{
    private const int DefaultChunkSamples = 1024;
    private readonly EdfHeader _header;
    private readonly EdfSignal[] _signals;
    private readonly double[] _recordOnsets;
    private readonly int _samplesPerRecord;

    public EdfSignalStream(StreamDescription description, EdfHeader header, IReadOnlyList<EdfSignal> signals, double[] recordOnsets)
        : base(description, RecordedStreamKind.Signal)
    {
        _header = header;
        _signals = signals.ToArray();
        _recordOnsets = recordOnsets;
        _samplesPerRecord = _signals[0].SamplesPerRecord;
    }

    public override long SampleCount => _header.RecordCount * _samplesPerRecord;

    public override double FirstTimestamp => SampleCount == 0 ? double.NaN : TimeOf(0, 0);

    public override double LastTimestamp => SampleCount == 0 ? double.NaN : TimeOf(_header.RecordCount - 1, _samplesPerRecord - 1);

    private double Rate => Description.NominalRate;

    private double TimeOf(long record, int sample) =>
        _header.IsDiscontinuous
            ? _recordOnsets[record] + sample / Rate
            : (record * (long)_samplesPerRecord + sample) / Rate;

    public override IEnumerable<SampleChunk> ReadChunks(int maxChunkSamples = 0, CancellationToken cancellationToken = default)
    {
        if (SampleCount == 0) yield break;
        var spr = _samplesPerRecord;
        var target = maxChunkSamples > 0 ? maxChunkSamples : DefaultChunkSamples;
        var recordsPerBlock = (int)Math.Clamp(target / spr, 1, Math.Max(1, (64L << 20) / Math.Max(1, _header.RecordBytes)));
        var blockBytes = checked((int)(recordsPerBlock * _header.RecordBytes));
        var buffer = ArrayPool<byte>.Shared.Rent(blockBytes);
        try
        {
            using var handle = FileReads.OpenRead(_header.Path);
            for (long record = 0; record < _header.RecordCount; record += recordsPerBlock)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var records = (int)Math.Min(recordsPerBlock, _header.RecordCount - record);
                var bytes = buffer.AsSpan(0, (int)(records * _header.RecordBytes));
                FileReads.ReadExactly(handle, _header.Path, bytes, _header.RecordOffset(record), $"records {record}..{record + records - 1}");
                foreach (var chunk in Slice(Decode(bytes, record, records), maxChunkSamples))
                    yield return chunk;
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
        var recordBytes = (int)_header.RecordBytes;
        for (var r = 0; r < records; r++)
        {
            var record = block.Slice(r * recordBytes, recordBytes);
            var rowBase = r * spr;
            for (var c = 0; c < channels; c++)
            {
                var signal = _signals[c];
                var dst = values.AsSpan(rowBase * channels + c);
                if (_header.IsBdf)
                    DecodeInt24(record.Slice((int)signal.OffsetInRecord, spr * 3), dst, channels, signal.Gain, signal.Offset);
                else
                    DecodeInt16(record.Slice((int)signal.OffsetInRecord, spr * 2), dst, channels, signal.Gain, signal.Offset);
            }
            for (var s = 0; s < spr; s++) timestamps[rowBase + s] = TimeOf(firstRecord + r, s);
        }
        return SampleChunk.Wrap(Description, values, timestamps);
    }

    private static void DecodeInt16(ReadOnlySpan<byte> source, Span<double> destination, int stride, double gain, double offset)
    {
        if (BitConverter.IsLittleEndian)
        {
            var raw = MemoryMarshal.Cast<byte, short>(source);
            for (int s = 0, d = 0; s < raw.Length; s++, d += stride)
                destination[d] = raw[s] * gain + offset;
            return;
        }
        for (int s = 0, d = 0; s < source.Length / 2; s++, d += stride)
            destination[d] = (short)(source[2 * s] | source[2 * s + 1] << 8) * gain + offset;
    }

    private static void DecodeInt24(ReadOnlySpan<byte> source, Span<double> destination, int stride, double gain, double offset)
    {
        for (int i = 0, d = 0; i + 2 < source.Length; i += 3, d += stride)
        {
            var value = source[i] | source[i + 1] << 8 | (sbyte)source[i + 2] << 16;
            destination[d] = value * gain + offset;
        }
    }

    private IEnumerable<SampleChunk> Slice(SampleChunk chunk, int maxChunkSamples)
    {
        if (maxChunkSamples <= 0 || chunk.SampleCount <= maxChunkSamples)
        {
            yield return chunk;
            yield break;
        }
        var c = chunk.ChannelCount;
        for (var start = 0; start < chunk.SampleCount; start += maxChunkSamples)
        {
            var n = Math.Min(maxChunkSamples, chunk.SampleCount - start);
            yield return SampleChunk.Copy(Description, chunk.Values.Slice(start * c, n * c), chunk.Timestamps.Slice(start, n));
        }
    }
}
