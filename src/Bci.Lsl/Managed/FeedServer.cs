using System.Net;
using System.Net.Sockets;
using System.Text;
using Bci.Core.Streams;
using Bci.Lsl.Info;
using Bci.Lsl.Wire;

namespace Bci.Lsl.Managed;

/// <summary>
/// The outlet's TCP side (liblsl tcp_server.cpp): answers LSL:fullinfo, LSL:shortinfo and 1.00/1.10 streamfeed
/// requests, each connection on its own thread. Anything else — garbage, a malformed handshake, an oversized
/// line — closes that connection with a logged reason; the outlet keeps serving everyone else.
/// </summary>
internal sealed class FeedServer : IDisposable
{
    private const int OwnVersion = 110;
    private readonly Socket _listener;
    private readonly LslStreamInfo _info;
    private readonly Func<string> _fullXml;
    private readonly Func<string> _shortXml;
    private readonly int _capacitySamples;
    private readonly Action<string> _log;
    private readonly List<OutletConsumer> _consumers = [];
    private readonly Dictionary<Socket, Thread> _connections = [];
    private readonly object _gate = new();
    private readonly Thread _acceptThread;
    private OutletConsumer[] _snapshot = [];
    private volatile bool _disposed;
    private long _rejected;

    public FeedServer(Socket listener, LslStreamInfo info, Func<string> fullXml, Func<string> shortXml, int capacitySamples, Action<string> log)
    {
        _listener = listener;
        _info = info;
        _fullXml = fullXml;
        _shortXml = shortXml;
        _capacitySamples = capacitySamples;
        _log = log;
        _acceptThread = LslThreads.Start($"lsl-outlet-accept {info.Name}", AcceptLoop, log);
    }

    public int Port => PortBinder.PortOf(_listener);

    /// <summary>The consumers right now (copy-on-write so pushes never take the list lock for long).</summary>
    public OutletConsumer[] Consumers => Volatile.Read(ref _snapshot);

    public long RejectedConnections => Interlocked.Read(ref _rejected);

    public event Action? ConsumersChanged;

    private void AcceptLoop()
    {
        var failures = 0;
        while (!_disposed)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
                failures = 0;
            }
            catch (Exception e) when (_disposed && e is SocketException or ObjectDisposedException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e)
            {
                // e.g. out of file descriptors: log, back off a little instead of spinning, keep serving.
                _log($"outlet '{_info.Name}': accept failed: {e.Message}");
                Thread.Sleep(Math.Min(1000, 10 << Math.Min(failures++, 6)));
                continue;
            }
            lock (_gate)
            {
                if (_disposed)
                {
                    client.Dispose();
                    return;
                }
                // Registered before it starts so Dispose can close its socket (even mid-handshake) and join it.
                _connections[client] = LslThreads.Start($"lsl-outlet-conn {_info.Name}", () => Serve(client), _log);
            }
        }
    }

    private void Serve(Socket client)
    {
        var peer = client.RemoteEndPoint?.ToString() ?? "?";
        OutletConsumer? consumer = null;
        try
        {
            client.NoDelay = true;
            client.ReceiveTimeout = 10_000;
            using var stream = new NetworkStream(client, ownsSocket: false);
            var reader = new HandshakeReader(stream);
            var line = reader.ReadLine()?.Trim();
            if (line is null) return;
            if (line == "LSL:fullinfo")
            {
                client.Send(Encoding.UTF8.GetBytes(_fullXml()));
            }
            else if (line == "LSL:shortinfo")
            {
                var query = reader.ReadLine()?.Trim() ?? "";
                if (LslQuery.Matches(System.Xml.Linq.XDocument.Parse(_fullXml()).Root!, query))
                    client.Send(Encoding.UTF8.GetBytes(_shortXml()));
            }
            else if (line == "LSL:streamfeed")
            {
                var request = FeedRequest.Parse100(reader.ReadLine()?.Trim() ?? "");
                consumer = StartFeed(client, stream, request, protocol100: true);
            }
            else if (line.StartsWith("LSL:streamfeed/", StringComparison.Ordinal))
            {
                var headers = new List<string>();
                while (true)
                {
                    var header = reader.ReadLine() ?? throw new InvalidDataException("connection closed before the end of the streamfeed header");
                    if (header.Length == 0) break;
                    if (headers.Count >= 100) throw new InvalidDataException("more than 100 streamfeed header lines");
                    headers.Add(header);
                }
                var request = FeedRequest.Parse110(line, headers);
                consumer = Negotiate(client, stream, request);
            }
            else
            {
                Reject(peer, $"unknown request '{FeedRequest.Printable(line)}'");
                return;
            }
            consumer?.TransferLoop();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or SocketException or DecoderFallbackException)
        {
            if (!_disposed) Reject(peer, e.Message);
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception e) when (e is System.Xml.XmlException or System.Xml.XPath.XPathException or ArgumentException or InvalidOperationException or OverflowException)
        {
            // Still that connection's problem (a query or header nobody foresaw): it is closed, the outlet keeps serving.
            if (!_disposed) Reject(peer, $"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            if (consumer is not null) Remove(consumer);
            Close(client);
            lock (_gate) _connections.Remove(client);
        }
    }

    private OutletConsumer? Negotiate(Socket client, Stream stream, FeedRequest request)
    {
        if (request.Version / 100 > OwnVersion / 100)
        {
            client.Send(Encoding.ASCII.GetBytes($"LSL/{OwnVersion} 505 Version not supported"));
            return null;
        }
        if (!string.IsNullOrEmpty(request.Uid) && request.Uid != _info.Uid)
        {
            client.Send(Encoding.ASCII.GetBytes($"LSL/{OwnVersion} 404 Not found"));
            return null;
        }
        var protocol = Math.Min(OwnVersion, request.ProtocolVersion ?? request.Version);
        if (_info.Format != ChannelFormat.String && request.ValueSize is { } size && size != _info.ValueSize) protocol = 100;
        if (!request.HasIeee754Floats) protocol = 100;
        var suppressSubnormals = _info.Format is ChannelFormat.Float32 or ChannelFormat.Double64 && !request.SupportsSubnormals;
        // Values always travel in our (little-endian) order; a big-endian liblsl inlet converts them itself,
        // which is what liblsl's server decides whenever the client is at least as fast at swapping.
        var response = $"LSL/{OwnVersion} 200 OK\r\nUID: {_info.Uid}\r\nByte-Order: 1234\r\nSuppress-Subnormals: {(suppressSubnormals ? 1 : 0)}\r\nData-Protocol-Version: {protocol}\r\n\r\n";
        client.Send(Encoding.ASCII.GetBytes(response));
        return StartFeed(client, stream, request, protocol == 100);
    }

    private OutletConsumer? StartFeed(Socket client, Stream stream, FeedRequest request, bool protocol100)
    {
        var first = TestPatterns.Encode(_info.Format, _info.ChannelCount, 4);
        var second = TestPatterns.Encode(_info.Format, _info.ChannelCount, 2);
        if (protocol100)
        {
            using var header = new MemoryStream();
            Archive100Writer.WriteHeader(header, _shortXml());
            var archive = new Archive100Writer(_info.Format, _info.ChannelCount);
            archive.Transcode(first, header);
            archive.Transcode(second, header);
            client.Send(header.GetBuffer().AsSpan(0, (int)header.Length));
            if (request.MaxBufferLength <= 0) return null;
            // The consumer's own archive writer must not repeat the class-info prefix: start it past the first object.
            var consumer100 = new OutletConsumer(client, Math.Max(1, Math.Min(request.MaxBufferLength, _capacitySamples)), _info.Format, _info.ChannelCount, protocol100: true, archiveStarted: true);
            Add(consumer100);
            return consumer100;
        }
        client.Send([.. first, .. second]);
        if (request.MaxBufferLength <= 0) return null;
        client.ReceiveTimeout = 0;
        var consumer = new OutletConsumer(client, Math.Max(1, Math.Min(request.MaxBufferLength, _capacitySamples)), _info.Format, _info.ChannelCount, protocol100: false);
        Add(consumer);
        return consumer;
    }

    private void Reject(string peer, string reason)
    {
        Interlocked.Increment(ref _rejected);
        _log($"outlet '{_info.Name}': closed connection from {peer}: {reason}");
    }

    private void Add(OutletConsumer consumer)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _consumers.Add(consumer);
                Volatile.Write(ref _snapshot, _consumers.ToArray());
            }
        }
        if (_disposed)
        {
            consumer.Close(); // its transfer loop returns at once instead of waiting for pushes that never come
            return;
        }
        ConsumersChanged?.Invoke();
    }

    private void Remove(OutletConsumer consumer)
    {
        lock (_gate)
        {
            _consumers.Remove(consumer);
            Volatile.Write(ref _snapshot, _consumers.ToArray());
        }
        consumer.Close();
        ConsumersChanged?.Invoke();
    }

    private static void Close(Socket socket)
    {
        try { socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        socket.Dispose();
    }

    /// <summary>Stops accepting, closes every connection (waking threads blocked in a handshake or a send) and waits for their threads.</summary>
    public void Dispose()
    {
        OutletConsumer[] consumers;
        KeyValuePair<Socket, Thread>[] connections;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            consumers = _consumers.ToArray();
            connections = _connections.ToArray();
        }
        _listener.Dispose();
        foreach (var c in consumers) c.Close();
        foreach (var (socket, _) in connections) Close(socket);
        LslThreads.JoinAll([_acceptThread, .. connections.Select(c => c.Value)], TimeSpan.FromSeconds(3));
    }
}
