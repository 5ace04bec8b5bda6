using System.Net.Sockets;

namespace Bci.Lsl.Managed;

/// <summary>
/// A stream over a non-blocking TCP socket that waits for readiness with poll() on the calling thread. On Linux
/// .NET emulates every blocking read of a socket whose descriptor was once non-blocking (a non-blocking connect, a
/// receive timeout) through its epoll thread: a hand-over between threads and an operation object allocated per
/// read that has to wait. Here a read is recv() straight away, and only when nothing is there poll() until something
/// is: no other thread, nothing allocated. <see cref="ReadTimeout"/> bounds each wait (-1: none).
/// Small reads (handshake lines, byte-wise parsing) are served from a read-ahead buffer; a read returns whatever that
/// buffer holds without touching the socket (unlike BufferedStream, which after a partial answer from its buffer
/// blocks in another read of the socket: a burst that arrived whole would wait there for data that never comes).
/// </summary>
internal sealed class PolledSocketStream : Stream
{
    private readonly Socket _socket;
    private readonly byte[] _ahead = new byte[1 << 16];
    private int _aheadStart;
    private int _aheadEnd;

    public PolledSocketStream(Socket socket)
    {
        socket.Blocking = false;
        _socket = socket;
    }

    /// <summary>Milliseconds a read may wait for data (-1 or 0: forever).</summary>
    public override int ReadTimeout { get; set; } = -1;

    public override bool CanTimeout => true;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        if (_aheadStart < _aheadEnd)
        {
            var n = Math.Min(buffer.Length, _aheadEnd - _aheadStart);
            _ahead.AsSpan(_aheadStart, n).CopyTo(buffer);
            _aheadStart += n;
            return n;
        }
        if (buffer.Length >= _ahead.Length) return Receive(buffer);
        _aheadStart = 0;
        _aheadEnd = Receive(_ahead);
        return _aheadEnd == 0 ? 0 : Read(buffer);
    }

    // One recv into buffer, waiting for data with poll() when there is none yet; 0 at the end of the stream.
    private int Receive(Span<byte> buffer)
    {
        while (true)
        {
            var n = _socket.Receive(buffer, SocketFlags.None, out var error);
            if (error == SocketError.Success) return n;
            if (error != SocketError.WouldBlock) throw new IOException($"receive failed: {error}", new SocketException((int)error));
            var timeout = ReadTimeout > 0 ? ReadTimeout * 1000L : -1;
            if (!_socket.Poll(timeout > int.MaxValue ? int.MaxValue : (int)timeout, SelectMode.SelectRead))
                throw new IOException($"nothing received for {ReadTimeout} ms", new SocketException((int)SocketError.TimedOut));
        }
    }

    public override int ReadByte()
    {
        if (_aheadStart < _aheadEnd) return _ahead[_aheadStart++];
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var n = _socket.Send(buffer, SocketFlags.None, out var error);
            if (error == SocketError.Success) buffer = buffer[n..];
            else if (error != SocketError.WouldBlock) throw new IOException($"send failed: {error}", new SocketException((int)error));
            else _socket.Poll(100_000, SelectMode.SelectWrite);
        }
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
