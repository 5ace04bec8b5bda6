using System.Globalization;
using System.Text;
using Bci.Lsl.Info;

namespace Bci.Lsl.Wire;

/// <summary>
/// A streamfeed request as an LSL outlet reads it (tcp_server.cpp): version and uid from the request line, then
/// header lines split at the first ':', lowercased, ';' comments dropped, booleans true only for "1".
/// </summary>
internal sealed record FeedRequest
{
    public int Version { get; init; } = 100;
    public string? Uid { get; init; }
    public int ByteOrder { get; init; } = 1234;
    public double EndianPerformance { get; init; }
    public bool HasIeee754Floats { get; init; } = true;
    public bool SupportsSubnormals { get; init; } = true;
    public int? ValueSize { get; init; }
    public int MaxBufferLength { get; init; }
    public int MaxChunkLength { get; init; }
    public int? ProtocolVersion { get; init; }

    /// <summary>Parses "LSL:streamfeed/110 uid" plus the header block (without the final empty line).</summary>
    public static FeedRequest Parse110(string requestLine, IEnumerable<string> headerLines)
    {
        var rest = requestLine["LSL:streamfeed/".Length..].Trim();
        var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
            throw new InvalidDataException($"streamfeed request line '{Printable(requestLine)}' has no protocol version");
        var request = new FeedRequest { Version = version, Uid = parts.Length > 1 ? parts[1] : null };
        foreach (var raw in headerLines)
        {
            var line = raw;
            var semicolon = line.IndexOf(';');
            if (semicolon >= 0) line = line[..semicolon];
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            int Int() => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
                : throw new InvalidDataException($"streamfeed header '{key}': '{Printable(value)}' is not an integer");
            request = key switch
            {
                "native-byte-order" => request with { ByteOrder = Int() },
                "endian-performance" => request with { EndianPerformance = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : 0 },
                "has-ieee754-floats" => request with { HasIeee754Floats = value == "1" },
                "supports-subnormals" => request with { SupportsSubnormals = value == "1" },
                "value-size" => request with { ValueSize = Int() },
                "max-buffer-length" => request with { MaxBufferLength = Int() },
                "max-chunk-length" => request with { MaxChunkLength = Int() },
                "protocol-version" => request with { ProtocolVersion = Int() },
                _ => request,
            };
        }
        return request;
    }

    /// <summary>Parses the 1.00 request's second line "max_buflen max_chunklen".</summary>
    public static FeedRequest Parse100(string parameters)
    {
        var parts = parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var buffer)
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var chunk))
            throw new InvalidDataException($"1.00 streamfeed parameters '{Printable(parameters)}' are not 'max_buflen max_chunklen'");
        return new FeedRequest { Version = 100, MaxBufferLength = buffer, MaxChunkLength = chunk };
    }

    /// <summary>The request a liblsl 1.10 inlet sends (CRLF lines, at least one header, buffer lengths in samples).</summary>
    public static string Format110(LslStreamInfo info, int maxBufferSamples, int maxChunkSamples, string hostname)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"LSL:streamfeed/110 {info.Uid}\r\n");
        text.Append("Native-Byte-Order: 1234\r\n");
        text.Append("Endian-Performance: 1e+06\r\n");
        text.Append("Has-IEEE754-Floats: 1\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Supports-Subnormals: {(info.Format is Core.Streams.ChannelFormat.Float32 or Core.Streams.ChannelFormat.Double64 ? 1 : 0)}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Value-Size: {(info.ValueSize == 0 ? 32 : info.ValueSize)}\r\n");
        text.Append("Data-Protocol-Version: 110\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Max-Buffer-Length: {maxBufferSamples}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Max-Chunk-Length: {maxChunkSamples}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Hostname: {hostname}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Source-Id: {info.SourceId}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Session-Id: {info.SessionId}\r\n");
        text.Append("\r\n");
        return text.ToString();
    }

    /// <summary>Text safe to show in an error message (control bytes escaped, cut at 80 characters).</summary>
    public static string Printable(string text)
    {
        var shown = new StringBuilder();
        foreach (var ch in text.Take(80))
            shown.Append(ch is >= ' ' and < (char)127 ? ch.ToString() : $"\\x{(int)ch:x2}");
        if (text.Length > 80) shown.Append("...");
        return shown.ToString();
    }
}
