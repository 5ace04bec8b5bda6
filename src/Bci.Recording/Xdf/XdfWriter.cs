using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Bci.Core.Streams;

namespace Bci.Recording.Xdf;

/// <summary>
/// Writes XDF 1.0 files as LabRecorder does: file header, one stream header per stream (full info XML with
/// desc/channels), Samples chunks, ClockOffset chunks at a regular interval, Boundary chunks, and at the end a
/// footer per stream (first/last timestamp, sample count, clock offsets). Crash-safe: samples are buffered for at
/// most <see cref="XdfWriterOptions.FlushInterval"/> and then written as complete chunks and synced, so a killed
/// recorder leaves a file that reads up to its last flush. Thread-safe.
/// </summary>
public sealed class XdfWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly XdfWriterOptions _options;
    private readonly List<StreamState> _streams = [];
    private readonly Lock _gate = new();
    private readonly byte[] _scratch = new byte[16];
    private double _lastFlush;
    private double _lastBoundary;
    private bool _disposed;

    private sealed class StreamState(uint id, StreamDescription description)
    {
        public uint Id { get; } = id;
        public StreamDescription Description { get; } = description;
        public MemoryStream Pending { get; } = new();
        public int PendingSamples { get; set; }
        public long SampleCount { get; set; }
        public double FirstTimestamp { get; set; } = double.NaN;
        public double LastTimestamp { get; set; } = double.NaN;
        public double LastClockOffset { get; set; } = double.NegativeInfinity;
        public List<ClockOffset> Offsets { get; } = [];
        public double NextOffsetValue { get; set; }
    }

    public XdfWriter(string path, XdfWriterOptions? options = null)
    {
        _options = options ?? new XdfWriterOptions();
        Path = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        _file = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        _file.Write(XdfFormat.Magic);
        var header = new XElement("info",
            new XElement("version", "1.0"),
            new XElement("datetime", DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)));
        WriteChunk(XdfChunkTag.FileHeader, null, Encoding.UTF8.GetBytes(Xml(header)));
        _lastFlush = _lastBoundary = _options.Clock.Now;
        SyncFile();
    }

    public string Path { get; }

    /// <summary>Adds a stream: writes its header at once and returns its stream id (1, 2, ...).</summary>
    public uint AddStream(StreamDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        lock (_gate)
        {
            ThrowIfDisposed();
            var state = new StreamState((uint)_streams.Count + 1, description);
            _streams.Add(state);
            WriteChunk(XdfChunkTag.StreamHeader, state.Id, Encoding.UTF8.GetBytes(XdfInfoXml.Build(description)));
            return state.Id;
        }
    }

    /// <summary>Appends a chunk's samples to stream <paramref name="streamId"/> (written at the next flush).</summary>
    public void Write(uint streamId, SampleChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        lock (_gate)
        {
            var state = State(streamId);
            if (chunk.ChannelCount != state.Description.ChannelCount)
                throw new ArgumentException($"stream '{state.Description.Name}' has {state.Description.ChannelCount} channels, the chunk has {chunk.ChannelCount}");
            var format = state.Description.Format;
            var size = format.ValueSize();
            Span<byte> value = stackalloc byte[8];
            for (var s = 0; s < chunk.SampleCount; s++)
            {
                var t = chunk.Timestamps[s];
                Timestamp(state, t);
                var sample = chunk.Sample(s);
                for (var c = 0; c < sample.Length; c++)
                {
                    Encode(format, sample[c], value);
                    state.Pending.Write(value[..size]);
                }
            }
            MaybeFlush();
        }
    }

    /// <summary>Appends markers to a string stream (one channel; the marker's value is the sample).</summary>
    public void Write(uint streamId, IEnumerable<MarkerEvent> markers)
    {
        ArgumentNullException.ThrowIfNull(markers);
        lock (_gate)
        {
            var state = State(streamId);
            foreach (var marker in markers)
            {
                Timestamp(state, marker.Timestamp);
                var bytes = Encoding.UTF8.GetBytes(marker.Value);
                for (var c = 0; c < state.Description.ChannelCount; c++)
                {
                    VarLen(state.Pending, (ulong)(c == 0 ? bytes.Length : 0));
                    if (c == 0) state.Pending.Write(bytes);
                }
            }
            MaybeFlush();
        }
    }

    /// <summary>Records a clock offset measurement for a stream (LabRecorder: the inlet's time correction).</summary>
    public void WriteClockOffset(uint streamId, double collectionTime, double offset)
    {
        lock (_gate)
        {
            var state = State(streamId);
            WriteOffset(state, collectionTime, offset);
        }
    }

    /// <summary>
    /// Sets the clock offset written automatically every <see cref="XdfWriterOptions.ClockOffsetInterval"/> for a
    /// stream (0 by default: its timestamps are on this machine's clock).
    /// </summary>
    public void SetClockOffset(uint streamId, double offset)
    {
        lock (_gate) State(streamId).NextOffsetValue = offset;
    }

    /// <summary>Writes buffered samples as chunks, adds due clock offsets and boundaries, and syncs the file.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (_disposed) return;
            FlushLocked();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            FlushLocked();
            foreach (var state in _streams)
                WriteChunk(XdfChunkTag.StreamFooter, state.Id, Encoding.UTF8.GetBytes(Xml(XdfInfoXml.Footer(state.FirstTimestamp, state.LastTimestamp, state.SampleCount, state.Offsets))));
            SyncFile();
            _disposed = true;
            _file.Dispose();
        }
    }

    private void MaybeFlush()
    {
        if (_options.Clock.Now - _lastFlush >= _options.FlushInterval) FlushLocked();
    }

    private void FlushLocked()
    {
        var now = _options.Clock.Now;
        foreach (var state in _streams)
        {
            if (state.PendingSamples > 0)
            {
                var content = new MemoryStream((int)state.Pending.Length + 16);
                VarLen(content, (ulong)state.PendingSamples);
                state.Pending.WriteTo(content);
                WriteChunk(XdfChunkTag.Samples, state.Id, content.GetBuffer().AsSpan(0, (int)content.Length));
                state.Pending.SetLength(0);
                state.PendingSamples = 0;
            }
            if (now - state.LastClockOffset >= _options.ClockOffsetInterval)
                WriteOffset(state, now, state.NextOffsetValue);
        }
        if (now - _lastBoundary >= _options.BoundaryInterval)
        {
            WriteChunk(XdfChunkTag.Boundary, null, XdfFormat.BoundaryUuid);
            _lastBoundary = now;
        }
        SyncFile();
        _lastFlush = now;
    }

    private void WriteOffset(StreamState state, double collectionTime, double offset)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_scratch, collectionTime);
        BinaryPrimitives.WriteDoubleLittleEndian(_scratch.AsSpan(8), offset);
        WriteChunk(XdfChunkTag.ClockOffset, state.Id, _scratch);
        state.Offsets.Add(new ClockOffset(collectionTime, offset));
        state.LastClockOffset = collectionTime;
    }

    private void SyncFile() => _file.Flush(_options.SyncToDisk);

    private static void Timestamp(StreamState state, double t)
    {
        state.Pending.WriteByte(8);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, t);
        state.Pending.Write(bytes);
        if (state.SampleCount == 0) state.FirstTimestamp = t;
        state.LastTimestamp = t;
        state.SampleCount++;
        state.PendingSamples++;
    }

    private static void Encode(ChannelFormat format, double v, Span<byte> into)
    {
        switch (format)
        {
            case ChannelFormat.Float32: BinaryPrimitives.WriteSingleLittleEndian(into, (float)v); break;
            case ChannelFormat.Double64: BinaryPrimitives.WriteDoubleLittleEndian(into, v); break;
            case ChannelFormat.Int32: BinaryPrimitives.WriteInt32LittleEndian(into, (int)Math.Round(v)); break;
            case ChannelFormat.Int16: BinaryPrimitives.WriteInt16LittleEndian(into, (short)Math.Round(v)); break;
            case ChannelFormat.Int8: into[0] = (byte)(sbyte)Math.Round(v); break;
            case ChannelFormat.Int64: BinaryPrimitives.WriteInt64LittleEndian(into, (long)Math.Round(v)); break;
            default: throw new InvalidOperationException($"{format} samples are written with Write(streamId, markers)");
        }
    }

    private void WriteChunk(XdfChunkTag tag, uint? streamId, ReadOnlySpan<byte> content)
    {
        var length = 2UL + (streamId is null ? 0UL : 4UL) + (ulong)content.Length;
        var header = new MemoryStream(16);
        VarLen(header, length);
        Span<byte> small = stackalloc byte[6];
        BinaryPrimitives.WriteUInt16LittleEndian(small, (ushort)tag);
        header.Write(small[..2]);
        if (streamId is { } id)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(small, id);
            header.Write(small[..4]);
        }
        // Header and content go out in one write per chunk; a crash between flushes loses whole chunks only.
        _file.Write(header.GetBuffer().AsSpan(0, (int)header.Length));
        _file.Write(content);
    }

    private static void VarLen(Stream into, ulong value)
    {
        Span<byte> bytes = stackalloc byte[9];
        if (value <= byte.MaxValue) { bytes[0] = 1; bytes[1] = (byte)value; into.Write(bytes[..2]); }
        else if (value <= uint.MaxValue) { bytes[0] = 4; BinaryPrimitives.WriteUInt32LittleEndian(bytes[1..], (uint)value); into.Write(bytes[..5]); }
        else { bytes[0] = 8; BinaryPrimitives.WriteUInt64LittleEndian(bytes[1..], value); into.Write(bytes[..9]); }
    }

    private StreamState State(uint streamId)
    {
        ThrowIfDisposed();
        if (streamId < 1 || streamId > _streams.Count) throw new ArgumentOutOfRangeException(nameof(streamId), streamId, $"no stream {streamId} in {Path}");
        return _streams[(int)streamId - 1];
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    internal static string Xml(XElement root) => "<?xml version=\"1.0\"?>" + root.ToString(SaveOptions.DisableFormatting);
}
