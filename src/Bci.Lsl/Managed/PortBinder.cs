using System.Net;
using System.Net.Sockets;
using Bci.Lsl.Config;

namespace Bci.Lsl.Managed;

/// <summary>Binds a socket to the first free port of LSL's range (BasePort .. BasePort+PortRange-1), as liblsl does.</summary>
internal static class PortBinder
{
    private const int ListenBacklog = 10;

    public static Socket Bind(SocketType type, ProtocolType protocol, LslConfig config, IPAddress address)
    {
        for (var port = config.BasePort; port < config.BasePort + config.PortRange; port++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
            try
            {
                socket.Bind(new IPEndPoint(address, port));
                // .NET sets SO_REUSEADDR on TCP sockets here, so two processes can both bind a port and only the
                // second listen fails: claim the port by listening before calling it ours.
                if (type == SocketType.Stream) socket.Listen(ListenBacklog);
                return socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
        }
        if (!config.AllowRandomPorts)
            throw new IOException($"no free port in the LSL range {config.BasePort}..{config.BasePort + config.PortRange - 1} and AllowRandomPorts is off");
        var random = new Socket(AddressFamily.InterNetwork, type, protocol);
        random.Bind(new IPEndPoint(address, 0));
        return random;
    }

    public static int PortOf(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    /// <summary>SO_REUSEADDR alone (what liblsl sets on its discovery responders), so binds share the port the same way.</summary>
    public static void ReuseAddressOnly(Socket socket)
    {
        if (OperatingSystem.IsLinux())
            socket.SetRawSocketOption(1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, BitConverter.GetBytes(1));
        else
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
    }
}
