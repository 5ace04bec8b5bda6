using System.Net.Sockets;
using Bci.Core.Streams;
using Bci.Lsl.Wire;

namespace Bci.Lsl.Managed;

/// <summary>
/// One inlet's feed. When the connection is idle (nothing queued, nothing being sent) a push sends straight from
/// the pushing thread on the non-blocking socket: no hand-over to another thread, so a sample reaches the wire in
/// microseconds. Otherwise (a burst, a slow inlet, a full socket buffer) blocks wait in a bounded queue — the oldest
/// are dropped when it is full, so a slow inlet loses only its own data — drained by the connection's thread with
/// gathered sends. Protocol 1.00 feeds, which need transcoding, always go through the thread.
/// </summary>
internal sealed class OutletConsumer(Socket socket, int capacitySamples, ChannelFormat format, int channels, bool protocol100, bool archiveStarted = false)
{
    // A push may send on a 1.10 feed's socket: non-blocking, so a full buffer queues the rest instead of stalling the pusher.
    private readonly Socket _socket = protocol100 ? socket : NonBlocking(socket);
    private readonly Queue<SampleBlock> _queue = new();
    private readonly object _gate = new();
    private int _queuedSamples;
    private int _headSent; // bytes of the first queued block a push already sent (that block can no longer be dropped)
    private bool _idle;
    private bool _closed;

    private static Socket NonBlocking(Socket socket)
    {
        socket.Blocking = false;
        return socket;
    }

    public long DroppedSamples { get; private set; }

    /// <summary>
    /// Sends <paramref name="length"/> bytes of <paramref name="data"/> (<paramref name="samples"/> samples) at once when
    /// the feed is idle; otherwise queues them. The caller's buffer is only read during the call: what has to wait is
    /// queued as <paramref name="shared"/>, a copy made on first need and shared by every consumer of the same push,
    /// so a push that every feed sends at once allocates nothing.
    /// </summary>
    public void Enqueue(byte[] data, int length, int samples, ref SampleBlock? shared)
    {
        lock (_gate)
        {
            if (_closed) return;
            var sent = 0;
            if (_idle)
            {
                sent = TrySendNow(data, length);
                if (sent == length) return;
            }
            shared ??= new SampleBlock(data.AsSpan(0, length).ToArray(), length, samples);
            if (_idle) _headSent = sent;
            _idle = false;
            _queue.Enqueue(shared);
            _queuedSamples += shared.Samples;
            while (_queuedSamples > capacitySamples && _queue.Count > 1 && _headSent == 0)
            {
                var dropped = _queue.Dequeue();
                _queuedSamples -= dropped.Samples;
                DroppedSamples += dropped.Samples;
            }
            if (_queue.Count == 1) Monitor.Pulse(_gate);
        }
    }

    // Bytes sent at once (0 when the socket buffer is full or the connection failed: the thread then finds out).
    private int TrySendNow(byte[] data, int length)
    {
        try
        {
            var sent = _socket.Send(data, 0, length, SocketFlags.None, out var error);
            return error == SocketError.Success ? sent : 0;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _socket.Dispose();
    }

    /// <summary>Runs on the connection's thread until the outlet closes or the inlet goes away.</summary>
    public void TransferLoop()
    {
        var pending = new List<SampleBlock>();
        var segments = new List<ArraySegment<byte>>();
        var archive = protocol100 ? new Archive100Writer(format, channels, archiveStarted) : null;
        using var transcoded = protocol100 ? new MemoryStream() : null;
        while (true)
        {
            int skip;
            lock (_gate)
            {
                while (_queue.Count == 0 && !_closed)
                {
                    _idle = !protocol100;
                    Monitor.Wait(_gate);
                }
                _idle = false;
                if (_closed) return;
                while (_queue.Count > 0) pending.Add(_queue.Dequeue());
                _queuedSamples = 0;
                skip = _headSent;
                _headSent = 0;
            }
            if (archive is null)
            {
                // sendmsg takes at most IOV_MAX (1024 on Linux) buffers: gather in batches well below it.
                for (var first = 0; first < pending.Count; first += 256)
                {
                    segments.Clear();
                    for (var i = first; i < Math.Min(pending.Count, first + 256); i++)
                    {
                        var offset = i == 0 ? skip : 0;
                        segments.Add(new ArraySegment<byte>(pending[i].Data, offset, pending[i].Length - offset));
                    }
                    SendAll(segments);
                }
            }
            else
            {
                transcoded!.SetLength(0);
                foreach (var block in pending)
                {
                    var at = 0;
                    for (var s = 0; s < block.Samples; s++) at += archive.Transcode(block.Data.AsSpan(at, block.Length - at), transcoded);
                }
                _socket.Send(transcoded.GetBuffer().AsSpan(0, (int)transcoded.Length));
            }
            pending.Clear();
        }
    }

    // The socket is non-blocking (1.10 feeds): send what fits, wait until it is writable again, repeat.
    private void SendAll(List<ArraySegment<byte>> segments)
    {
        while (segments.Count > 0)
        {
            var sent = _socket.Send(segments, SocketFlags.None, out var error);
            if (error is not (SocketError.Success or SocketError.WouldBlock)) throw new SocketException((int)error);
            while (segments.Count > 0 && sent >= segments[0].Count)
            {
                sent -= segments[0].Count;
                segments.RemoveAt(0);
            }
            if (segments.Count == 0) return;
            segments[0] = segments[0][sent..];
            while (!_socket.Poll(100_000, SelectMode.SelectWrite))
            {
                lock (_gate)
                    if (_closed) return;
            }
        }
    }
}
