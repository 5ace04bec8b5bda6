using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Bci.Recording.IO;
using Microsoft.Win32.SafeHandles;

namespace Bci.Recording.Xdf;

/// <summary>
/// First pass over an XDF file: every chunk's place and kind, stream headers and footers, clock offsets, and
/// for Samples chunks only their stream and declared sample count. Nothing is sized by a length field before
/// that length has been checked against the file. A chunk cut off by the end of the file ends the pass with a
/// problem naming the byte where data was lost; a garbled chunk header makes it scan forward to the next
/// Boundary chunk, as pyxdf does.
/// </summary>
internal sealed class XdfIndex
{
    public sealed class StreamEntry
    {
        public required XdfStreamHeader Header { get; init; }
        public List<SamplesChunk> Chunks { get; } = [];
        public List<ClockOffset> ClockOffsets { get; } = [];
        public long? FooterSampleCount { get; set; }
        public double? FooterFirstTimestamp { get; set; }
        public double? FooterLastTimestamp { get; set; }
        public long DeclaredSamples { get; set; }
    }

    /// <summary>Content of a Samples chunk after its stream id: [Start, End).</summary>
    public readonly record struct SamplesChunk(long Start, long End, ulong DeclaredCount);

    public Dictionary<string, string> FileHeader { get; } = new(StringComparer.Ordinal);
    public List<StreamEntry> Streams { get; } = [];
    public List<RecordingProblem> Problems { get; } = [];
    public int BoundaryChunks { get; private set; }
    public long FileLength { get; private set; }

    // Full optimisation from the first call: opening a file is usually done once per process, before tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static XdfIndex Build(string path, SafeFileHandle handle, bool convertToVolts, IProgress<double>? progress = null)
    {
        var index = new XdfIndex { FileLength = RandomAccess.GetLength(handle) };
        var byId = new Dictionary<uint, StreamEntry>();
        Span<byte> magic = stackalloc byte[4];
        if (FileReads.ReadAtMost(handle, magic, 0) < 4 || !magic.SequenceEqual(XdfFormat.Magic))
            throw new RecordingFormatException(path, 0, "not an XDF file (no 'XDF:' at the start)");

        var length = index.FileLength;
        var head = new byte[32];
        using var window = new ReadAheadWindow(handle);
        long pos = 4;
        var lastReport = 0L;
        while (pos < length)
        {
            if (progress is not null && pos - lastReport > (8 << 20)) { progress.Report((double)pos / length); lastReport = pos; }
            var got = window.ReadAtMost(head, pos);
            var width = head[0];
            if (width is not (1 or 4 or 8) || got < 1 + width)
            {
                if (got < 1 + width && width is 1 or 4 or 8)
                {
                    index.Problems.Add(new RecordingProblem($"file ends inside a chunk header; {length - pos} bytes from here are lost", pos));
                    break;
                }
                if (!index.Resynchronise(handle, ref pos, $"invalid chunk length width {width}")) break;
                continue;
            }
            var chunkLength = width switch
            {
                1 => head[1],
                4 => BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(1)),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(1)),
            };
            var contentStart = pos + 1 + width;
            var remaining = (ulong)(length - contentStart);
            if (chunkLength < 2)
            {
                if (!index.Resynchronise(handle, ref pos, $"chunk length {chunkLength} is too short for a tag")) break;
                continue;
            }
            if (chunkLength > remaining)
            {
                // Compared, never allocated: a 2^60-byte length only produces this message.
                index.Problems.Add(new RecordingProblem(
                    $"file ends inside a chunk: it declares {chunkLength} bytes but only {remaining} remain; the {length - pos} bytes from here on are lost (the last complete chunk ends here)",
                    pos));
                break;
            }
            var end = contentStart + (long)chunkLength;
            var tagAt = 1 + width;
            ushort tag = got >= tagAt + 2 ? BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(tagAt)) : (ushort)0;
            var hasId = tag is 2 or 3 or 4 or 6;
            if (hasId && chunkLength < 6)
            {
                if (!index.Resynchronise(handle, ref pos, $"chunk with tag {tag} is too short for a stream id")) break;
                continue;
            }
            var streamId = hasId ? BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(tagAt + 2)) : 0u;
            var bodyStart = contentStart + 2 + (hasId ? 4 : 0);
            try
            {
                switch ((XdfChunkTag)tag)
                {
                    case XdfChunkTag.FileHeader:
                        ReadFileHeader(index, ReadXml(path, handle, bodyStart, end, pos, "file header"));
                        break;
                    case XdfChunkTag.StreamHeader:
                        var header = XdfStreamHeader.Parse(path, pos, streamId, ReadXml(path, handle, bodyStart, end, pos, "stream header"), convertToVolts);
                        if (byId.ContainsKey(streamId))
                        {
                            index.Problems.Add(new RecordingProblem($"stream {streamId} has a second header; ignored", pos));
                            break;
                        }
                        var entry = new StreamEntry { Header = header };
                        byId[streamId] = entry;
                        index.Streams.Add(entry);
                        break;
                    case XdfChunkTag.Samples:
                        if (!byId.TryGetValue(streamId, out var owner))
                        {
                            index.Problems.Add(new RecordingProblem($"samples of stream {streamId}, which has no header before them; skipped", pos));
                            break;
                        }
                        var declared = DeclaredCount(head.AsSpan(tagAt + 6, got - tagAt - 6));
                        owner.Chunks.Add(new SamplesChunk(bodyStart, end, declared));
                        owner.DeclaredSamples += (long)Math.Min(declared, (ulong)long.MaxValue / 2);
                        break;
                    case XdfChunkTag.ClockOffset:
                        if (!byId.TryGetValue(streamId, out var clockOwner) || end - bodyStart < 16)
                        {
                            index.Problems.Add(new RecordingProblem($"clock offset chunk of stream {streamId} is unusable (unknown stream or too short)", pos));
                            break;
                        }
                        var pair = head.AsSpan(16, 16);
                        FileReads.ReadExactly(handle, path, pair, bodyStart, "a clock offset");
                        var time = BinaryPrimitives.ReadDoubleLittleEndian(pair);
                        var value = BinaryPrimitives.ReadDoubleLittleEndian(pair[8..]);
                        if (Math.Abs(time) < XdfTimeline.MaxTimestamp && Math.Abs(value) < XdfTimeline.MaxTimestamp) clockOwner.ClockOffsets.Add(new ClockOffset(time, value));
                        else index.Problems.Add(new RecordingProblem($"clock offset of stream {streamId} is not a plausible time; ignored", pos, clockOwner.Header.Description.Name));
                        break;
                    case XdfChunkTag.Boundary:
                        index.BoundaryChunks++;
                        break;
                    case XdfChunkTag.StreamFooter:
                        if (byId.TryGetValue(streamId, out var footerOwner))
                            ReadFooter(footerOwner, ReadXml(path, handle, bodyStart, end, pos, "stream footer"), index, pos);
                        break;
                    default:
                        index.Problems.Add(new RecordingProblem($"chunk with unknown tag {tag} skipped", pos));
                        break;
                }
            }
            catch (RecordingFormatException e) when (tag is not 2)
            {
                index.Problems.Add(new RecordingProblem(e.Reason, e.ByteOffset));
            }
            pos = end;
        }
        progress?.Report(1);
        return index;
    }

    private static ulong DeclaredCount(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 1) return 0;
        return bytes[0] switch
        {
            1 when bytes.Length >= 2 => bytes[1],
            4 when bytes.Length >= 5 => BinaryPrimitives.ReadUInt32LittleEndian(bytes[1..]),
            8 when bytes.Length >= 9 => BinaryPrimitives.ReadUInt64LittleEndian(bytes[1..]),
            _ => 0,
        };
    }

    private bool Resynchronise(SafeFileHandle handle, ref long pos, string why)
    {
        var found = ScanForBoundary(handle, pos + 1);
        Problems.Add(new RecordingProblem(found < 0
            ? $"{why}; no Boundary chunk follows, so the {FileLength - pos} bytes from here on are lost"
            : $"{why}; skipped {found - pos} bytes to the next Boundary chunk", pos));
        if (found < 0) return false;
        pos = found;
        return true;
    }

    /// <summary>Offset just after the next Boundary UUID at or after <paramref name="from"/>, or -1.</summary>
    private long ScanForBoundary(SafeFileHandle handle, long from)
    {
        var uuid = XdfFormat.BoundaryUuid;
        var block = new byte[1 << 20];
        for (var at = from; at < FileLength; at += block.Length - uuid.Length)
        {
            var n = FileReads.ReadAtMost(handle, block, at);
            var hit = block.AsSpan(0, n).IndexOf(uuid);
            if (hit >= 0) return at + hit + uuid.Length;
            if (n < block.Length) break;
        }
        return -1;
    }

    private static string ReadXml(string path, SafeFileHandle handle, long start, long end, long chunkAt, string what)
    {
        if (end - start > XdfFormat.MaxXmlBytes)
            throw new RecordingFormatException(path, chunkAt, $"{what} of {end - start} bytes is larger than any real one ({XdfFormat.MaxXmlBytes} bytes)");
        var bytes = new byte[end - start];
        FileReads.ReadExactly(handle, path, bytes, start, what);
        return Encoding.UTF8.GetString(bytes);
    }

    private static void ReadFileHeader(XdfIndex index, string xml)
    {
        try
        {
            var root = XDocument.Parse(xml).Root;
            if (root is null) return;
            foreach (var element in root.Elements().Where(e => !e.HasElements))
                index.FileHeader[element.Name.LocalName] = element.Value.Trim();
        }
        catch (System.Xml.XmlException e)
        {
            index.Problems.Add(new RecordingProblem($"file header is not valid XML: {e.Message}"));
        }
    }

    private static void ReadFooter(StreamEntry entry, string xml, XdfIndex index, long at)
    {
        try
        {
            var info = XDocument.Parse(xml).Root;
            double? Number(string name) =>
                double.TryParse(info?.Element(name)?.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
            entry.FooterFirstTimestamp = Number("first_timestamp");
            entry.FooterLastTimestamp = Number("last_timestamp");
            if (Number("sample_count") is { } count) entry.FooterSampleCount = (long)count;
        }
        catch (System.Xml.XmlException e)
        {
            index.Problems.Add(new RecordingProblem($"footer is not valid XML ({e.Message}); ignored", at, entry.Header.Description.Name));
        }
    }
}
