using System.Text;

namespace Bci.Lsl.Managed;

/// <summary>Reads CRLF-terminated handshake lines byte by byte (handshakes are short), refusing oversized or binary input.</summary>
internal sealed class HandshakeReader(Stream stream, int maxLine = 4096)
{
    public long Position { get; private set; }

    /// <summary>The next line without its terminator (CRLF or LF), or null at end of stream before any byte.</summary>
    public string? ReadLine()
    {
        var bytes = new List<byte>(64);
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                if (bytes.Count == 0) return null;
                throw new InvalidDataException($"connection closed inside a handshake line after {Position} bytes");
            }
            Position++;
            if (b == '\n') break;
            if (bytes.Count >= maxLine)
                throw new InvalidDataException($"handshake line longer than {maxLine} bytes (at byte {Position}): not an LSL peer");
            bytes.Add((byte)b);
        }
        if (bytes.Count > 0 && bytes[^1] == '\r') bytes.RemoveAt(bytes.Count - 1);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
