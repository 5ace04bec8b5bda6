using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Lsl;

/// <summary>
/// Managed LSL resolver. Sends liblsl's LSL:shortinfo query to the scope's discovery addresses and, in the same
/// wave, to every service port (BasePort..BasePort+PortRange-1) of every KnownPeers host and of 127.0.0.1 —
/// the last so that every outlet of this machine is found even where loopback has no multicast (liblsl finds
/// only the newest one there, since unicast to the shared discovery port reaches one socket). Replies are
/// deduplicated by uid; the reply's source address becomes the stream's v4address.
/// </summary>
public sealed class LslResolver : ILslResolver
{
    private readonly LslConfig _config;

    public LslResolver(LslConfig? config = null) => _config = config ?? LslConfig.Load();

    /// <summary>Seconds between query waves.</summary>
    public double WaveInterval { get; init; } = 0.25;

    public IReadOnlyList<LslStreamInfo> Resolve(string query, int minimum, double timeoutSeconds)
    {
        if (LslQuery.Validate(query) is { } problem) throw new ArgumentException(problem, nameof(query));
        var full = LslQuery.And(LslQuery.Property("session_id", _config.SessionId), string.IsNullOrWhiteSpace(query) ? null : "(" + query + ")");
        var queryId = StableHash(full).ToString(CultureInfo.InvariantCulture);
        var found = new Dictionary<string, LslStreamInfo>(StringComparer.Ordinal);
        using var socket = OpenReplySocket();
        var replyPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var datagram = Encoding.UTF8.GetBytes($"LSL:shortinfo\r\n{full}\r\n{replyPort} {queryId}\r\n");
        var targets = Targets();
        var clock = Stopwatch.StartNew();
        var nextWave = 0.0;
        var buffer = new byte[65536];
        while (true)
        {
            var elapsed = clock.Elapsed.TotalSeconds;
            if (elapsed >= nextWave)
            {
                SendWave(socket, datagram, targets);
                nextWave = elapsed + WaveInterval;
            }
            var remaining = Math.Min(timeoutSeconds - clock.Elapsed.TotalSeconds, nextWave - clock.Elapsed.TotalSeconds);
            if (clock.Elapsed.TotalSeconds >= timeoutSeconds) break;
            if (!socket.Poll((int)Math.Max(1000, remaining * 1e6), SelectMode.SelectRead)) continue;
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue; // ICMP unreachable from a probed port without an outlet
            }
            if (TryParseReply(buffer.AsSpan(0, length), queryId, ((IPEndPoint)from).Address) is { } info && info.Uid.Length > 0)
            {
                found.TryAdd(info.Uid, info);
                if (minimum > 0 && found.Count >= minimum) break;
            }
        }
        return found.Values.OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.CreatedAt).ToList();
    }

    /// <summary>Streams whose <paramref name="property"/> (name, type, source_id, hostname, ...) equals <paramref name="value"/>.</summary>
    public IReadOnlyList<LslStreamInfo> ResolveByProperty(string property, string value, int minimum = 1, double timeoutSeconds = 5) =>
        Resolve(LslQuery.Property(property, value), minimum, timeoutSeconds);

    /// <summary>Every visible stream, waiting the whole time.</summary>
    public IReadOnlyList<LslStreamInfo> ResolveAll(double waitSeconds = 1) => Resolve("", 0, waitSeconds);

    private Socket OpenReplySocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { EnableBroadcast = true };
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        var ttl = _config.Scope switch
        {
            ResolveScope.Machine => 0,
            ResolveScope.Link => 1,
            ResolveScope.Site => 24,
            ResolveScope.Organization => 32,
            _ => 255,
        };
        try { socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, ttl); }
        catch (SocketException) { }
        return socket;
    }

    private List<IPEndPoint> Targets()
    {
        var targets = _config.ScopeAddresses().Select(a => new IPEndPoint(a, _config.MulticastPort)).ToList();
        var peers = new List<IPAddress> { IPAddress.Loopback };
        foreach (var peer in _config.KnownPeers)
        {
            if (IPAddress.TryParse(peer, out var address)) peers.Add(address);
            else
            {
                try { peers.AddRange(Dns.GetHostAddresses(peer).Where(a => a.AddressFamily == AddressFamily.InterNetwork)); }
                catch (SocketException) { }
            }
        }
        foreach (var peer in peers.Distinct())
            for (var port = _config.BasePort; port < _config.BasePort + _config.PortRange; port++)
                targets.Add(new IPEndPoint(peer, port));
        return targets;
    }

    private static void SendWave(Socket socket, byte[] datagram, List<IPEndPoint> targets)
    {
        foreach (var target in targets)
        {
            try { socket.SendTo(datagram, target); }
            catch (SocketException) { } // a send error does not stop the wave (liblsl neither)
        }
    }

    internal static LslStreamInfo? TryParseReply(ReadOnlySpan<byte> datagram, string queryId, IPAddress source)
    {
        var newline = datagram.IndexOf((byte)'\n');
        if (newline < 0) return null;
        var id = Encoding.UTF8.GetString(datagram[..newline]).Trim();
        if (id != queryId) return null;
        try
        {
            var info = LslStreamInfo.Parse(Encoding.UTF8.GetString(datagram[(newline + 1)..]));
            if (info.V4Address.Length == 0) info.V4Address = source.ToString();
            return info;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // A query id that is the same for every wave of the same query (liblsl uses std::hash of the query string).
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text)) { hash ^= b; hash *= 1099511628211UL; }
        return hash;
    }
}
