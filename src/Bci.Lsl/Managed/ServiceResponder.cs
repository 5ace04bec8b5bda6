using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using Bci.Core.Time;
using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Lsl.Managed;

/// <summary>
/// The outlet's UDP side (liblsl udp_server.cpp). The service socket (a port of the LSL range) answers
/// LSL:shortinfo queries and LSL:timedata probes; the discovery responder (MulticastPort, shared by all outlets of
/// the host through SO_REUSEADDR, joined to the scope's multicast groups where the OS allows) answers
/// LSL:shortinfo only. Unknown or malformed datagrams are dropped.
/// </summary>
internal sealed class ServiceResponder : IDisposable
{
    private readonly Socket _service;
    private readonly Socket? _discovery;
    private readonly XElement _document;
    private readonly byte[] _shortInfo;
    private readonly IClock _clock;
    private readonly Action<string> _log;
    private readonly Thread _serviceThread;
    private readonly Thread? _discoveryThread;
    private volatile bool _disposed;

    public ServiceResponder(LslConfig config, LslStreamInfo info, IClock clock, Action<string> log)
    {
        _clock = clock;
        _log = log;
        _service = PortBinder.Bind(SocketType.Dgram, ProtocolType.Udp, config, IPAddress.Any);
        info.V4ServicePort = PortBinder.PortOf(_service);
        _document = XDocument.Parse(info.ToFullXml()).Root!;
        _shortInfo = Encoding.UTF8.GetBytes(info.ToShortXml());
        _discovery = OpenDiscoverySocket(config, info.Name);
        _serviceThread = LslThreads.Start($"lsl-outlet-udp {info.Name}", () => Loop(_service, answersTime: true), log);
        if (_discovery is not null)
            _discoveryThread = LslThreads.Start($"lsl-outlet-discovery {info.Name}", () => Loop(_discovery, answersTime: false), log);
    }

    public int ServicePort => PortBinder.PortOf(_service);

    private Socket? OpenDiscoverySocket(LslConfig config, string name)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            PortBinder.ReuseAddressOnly(socket);
            var listen = config.ListenAddress.Length > 0 && IPAddress.TryParse(config.ListenAddress, out var a) ? a : IPAddress.Any;
            socket.Bind(new IPEndPoint(listen, config.MulticastPort));
        }
        catch (SocketException e)
        {
            _log($"outlet '{name}': discovery port {config.MulticastPort} unavailable ({e.Message}); found through its service port only");
            socket.Dispose();
            return null;
        }
        foreach (var group in config.ScopeAddresses().Where(IsMulticast))
        {
            try
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group));
            }
            catch (SocketException)
            {
                // Hosts whose interfaces lack multicast (a bare loopback) cannot join; liblsl warns the same way.
            }
        }
        return socket;
    }

    private static bool IsMulticast(IPAddress address)
    {
        var first = address.GetAddressBytes()[0];
        return first is >= 224 and <= 239;
    }

    private void Loop(Socket socket, bool answersTime)
    {
        var buffer = new byte[65536];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_disposed)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException) when (!_disposed)
            {
                continue; // e.g. ICMP port unreachable from an earlier reply
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            var received = _clock.Now;
            try
            {
                Handle(socket, buffer.AsSpan(0, length), (IPEndPoint)from, received, answersTime);
            }
            catch (ObjectDisposedException)
            {
                return; // the outlet closed while this reply was being sent
            }
            catch (Exception e) when (e is FormatException or SocketException or ArgumentException or OverflowException or DecoderFallbackException
                                          or System.Xml.XmlException or System.Xml.XPath.XPathException or InvalidOperationException)
            {
                // A malformed datagram gets no answer; liblsl drops it the same way.
            }
        }
    }

    private void Handle(Socket socket, ReadOnlySpan<byte> datagram, IPEndPoint from, double received, bool answersTime)
    {
        var text = Encoding.UTF8.GetString(datagram);
        var lines = text.Split('\n');
        var method = lines[0].Trim();
        if (method == "LSL:shortinfo" && lines.Length >= 3)
        {
            var query = lines[1].Trim();
            var tokens = lines[2].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length < 2 || !int.TryParse(tokens[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var returnPort) || returnPort is <= 0 or > 65535)
                return;
            if (!LslQuery.Matches(_document, query)) return;
            var id = Encoding.UTF8.GetBytes(tokens[1] + "\r\n");
            var reply = new byte[id.Length + _shortInfo.Length];
            id.CopyTo(reply, 0);
            _shortInfo.CopyTo(reply, id.Length);
            socket.SendTo(reply, new IPEndPoint(from.Address, returnPort));
        }
        else if (method == "LSL:timedata" && answersTime && lines.Length >= 2)
        {
            var tokens = lines[1].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length < 2) return;
            var t0 = double.Parse(tokens[1], NumberStyles.Float, CultureInfo.InvariantCulture);
            var reply = string.Create(CultureInfo.InvariantCulture, $" {tokens[0]} {t0:R} {received:R} {_clock.Now:R}");
            socket.SendTo(Encoding.ASCII.GetBytes(reply), from);
        }
    }

    /// <summary>Closes both sockets (which wakes their receiving threads) and waits for the threads to end.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _service.Dispose();
        _discovery?.Dispose();
        LslThreads.JoinAll([_serviceThread, _discoveryThread], TimeSpan.FromSeconds(2));
    }
}
