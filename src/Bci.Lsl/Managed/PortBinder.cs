using System.Net;
using System.Net.Sockets;
using Bci.Lsl.Config;

namespace Bci.Lsl.Managed;

/// <summary>Binds a socket to the first free port of LSL's range (BasePort .. BasePort+PortRange-1), as liblsl does.</summary>
internal static class PortBinder
{
    public static Socket Bind(SocketType type, ProtocolType protocol, LslConfig config, IPAddress address)
    {
        for (var port = config.BasePort; port < config.BasePort + config.PortRange; port++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
            try
            {
                socket.Bind(new IPEndPoint(address, port));
                // On Linux a TCP bind can succeed on a port another socket listens on (.NET sets SO_REUSEADDR);
                // only listen() tells, so a TCP port counts as taken until listen succeeds too.
                if (type == SocketType.Stream) socket.Listen(10);
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
        if (type == SocketType.Stream) random.Listen(10);
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
