using System.Buffers;
using System.Runtime.InteropServices;
using Bci.Core.Streams;
using Bci.Recording.IO;

namespace Bci.Recording.Eeglab;

/// <summary>
/// Samples stored as raw little-endian float32, sample-interleaved (EEGLAB's .fdt): read in blocks, scaled to the
/// model's unit, timed from 0 at the nominal rate.
/// </summary>
internal sealed class FloatFileStream : RecordedStream
{
    private const int DefaultChunkSamples = 1024;
    private readonly string _path;
    private readonly int _channels;
    private readonly long _samples;
    private readonly double _scale;

    public FloatFileStream(StreamDescription description, string path, int channels, long samples, double scale)
        : base(description, RecordedStreamKind.Signal)
    {
        _path = path;
        _channels = channels;
        _samples = samples;
        _scale = scale;
    }

    public override long SampleCount => _samples;
    public override double FirstTimestamp => _samples == 0 ? double.NaN : 0;
    public override double LastTimestamp => _samples == 0 ? double.NaN : (_samples - 1) / Description.NominalRate;

    public override IEnumerable<SampleChunk> ReadChunks(int maxChunkSamples = 0, CancellationToken cancellationToken = default)
    {
        var perChunk = maxChunkSamples > 0 ? maxChunkSamples : DefaultChunkSamples;
        var bytesPerSample = 4 * _channels;
        var buffer = ArrayPool<byte>.Shared.Rent(perChunk * bytesPerSample);
        try
        {
            using var handle = FileReads.OpenRead(_path);
            for (long first = 0; first < _samples; first += perChunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = (int)Math.Min(perChunk, _samples - first);
                var bytes = buffer.AsSpan(0, n * bytesPerSample);
                FileReads.ReadExactly(handle, _path, bytes, first * bytesPerSample, $"samples {first}..{first + n - 1}");
                var raw = MemoryMarshal.Cast<byte, float>(bytes);
                var values = new double[raw.Length];
                for (var i = 0; i < raw.Length; i++) values[i] = raw[i] * _scale;
                var times = new double[n];
                for (var i = 0; i < n; i++) times[i] = (first + i) / Description.NominalRate;
                yield return SampleChunk.Wrap(Description, values, times);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
