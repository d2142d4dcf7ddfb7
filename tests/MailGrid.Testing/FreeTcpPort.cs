using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MailGrid.Testing;

/// <summary>Finds TCP ports that are free right now, for servers started by tests.</summary>
public static class FreeTcpPort
{
    // Below Linux's ephemeral range (32768-60999): a port taken from that range can be grabbed by any
    // outgoing connection before the server under test binds it, which made start-up flaky.
    private const int First = 20000;
    private const int Last = 32000;
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>
    /// A port that binds on all interfaces (IPv4 and IPv6) now and was not handed out before by this process.
    /// Test assemblies run in parallel processes, so the start is random; a collision stays possible but rare.
    /// </summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            if (HandedOut.TryAdd(port, true) && CanBind(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free TCP port found in {First}-{Last}.");
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
