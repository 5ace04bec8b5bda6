using System.Net.Sockets;
using Bci.Core.Streams;
using Bci.Lsl.Wire;

namespace Bci.Lsl.Managed;

/// <summary>
/// One inlet's feed: a bounded queue of serialised samples (the oldest pushes are dropped when it is full, so a
/// slow inlet loses only its own data) drained by the connection's thread, which writes every waiting block with
/// one gathered send.
/// </summary>
internal sealed class OutletConsumer(Socket socket, int capacitySamples, ChannelFormat format, int channels, bool protocol100, bool archiveStarted = false)
{
    private readonly Queue<SampleBlock> _queue = new();
    private readonly object _gate = new();
    private int _queuedSamples;
    private bool _closed;

    public long DroppedSamples { get; private set; }

    public void Enqueue(SampleBlock block)
    {
        lock (_gate)
        {
            if (_closed) return;
            _queue.Enqueue(block);
            _queuedSamples += block.Samples;
            while (_queuedSamples > capacitySamples && _queue.Count > 1)
            {
                var dropped = _queue.Dequeue();
                _queuedSamples -= dropped.Samples;
                DroppedSamples += dropped.Samples;
            }
            if (_queue.Count == 1) Monitor.Pulse(_gate);
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
        try { socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        socket.Dispose();
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
            lock (_gate)
            {
                while (_queue.Count == 0 && !_closed) Monitor.Wait(_gate);
                if (_closed) return;
                while (_queue.Count > 0) pending.Add(_queue.Dequeue());
                _queuedSamples = 0;
            }
            if (archive is null)
            {
                // sendmsg takes at most IOV_MAX (1024 on Linux) buffers: gather in batches well below it.
                for (var first = 0; first < pending.Count; first += 256)
                {
                    segments.Clear();
                    for (var i = first; i < Math.Min(pending.Count, first + 256); i++)
                        segments.Add(new ArraySegment<byte>(pending[i].Data, 0, pending[i].Length));
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
                socket.Send(transcoded.GetBuffer().AsSpan(0, (int)transcoded.Length));
            }
            pending.Clear();
        }
    }

    private void SendAll(List<ArraySegment<byte>> segments)
    {
        var total = 0;
        foreach (var s in segments) total += s.Count;
        var sent = socket.Send(segments);
        if (sent == total) return;
        // A blocking gathered send normally writes everything; finish by hand if the OS stopped short.
        foreach (var s in segments)
        {
            if (sent >= s.Count) { sent -= s.Count; continue; }
            var rest = s.AsSpan(sent);
            while (rest.Length > 0) rest = rest[socket.Send(rest)..];
            sent = 0;
        }
    }
}
