using Bci.Core.Streams;

namespace Bci.Recording.Eeglab;

/// <summary>Samples held in the .set itself: channel-major columns (MATLAB's nbchan x pnts), emitted sample-major.</summary>
internal sealed class InMemoryStream : RecordedStream
{
    private const int DefaultChunkSamples = 1024;
    private readonly double[] _columnMajor;
    private readonly int _channels;
    private readonly long _samples;
    private readonly double _scale;

    public InMemoryStream(StreamDescription description, double[] columnMajor, int channels, long samples, double scale)
        : base(description, RecordedStreamKind.Signal)
    {
        _columnMajor = columnMajor;
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
        for (long first = 0; first < _samples; first += perChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = (int)Math.Min(perChunk, _samples - first);
            // MATLAB's nbchan x pnts is column-major, so channel values of one sample are already adjacent.
            var values = new double[n * _channels];
            for (var i = 0; i < values.Length; i++) values[i] = _columnMajor[first * _channels + i] * _scale;
            var times = new double[n];
            for (var i = 0; i < n; i++) times[i] = (first + i) / Description.NominalRate;
            yield return SampleChunk.Wrap(Description, values, times);
        }
    }
}
