using System.Net;
using System.Net.Sockets;

namespace MailGrid.Smtp.Tests.Infrastructure;

/// <summary>One fuzz connection: connect, throw a payload at the server, then close — gracefully or with a reset.</summary>
internal static class HostileConnection
{
    public static async Task SendAsync(int port, byte[] payload, Random random)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        try
        {
            await socket.SendAsync(payload);
        }
        catch (SocketException)
        {
            // The server may already have closed (QUIT, syntax, too many errors): a fine outcome.
        }

        if (random.Next(2) == 0)
        {
            // Reset instead of a graceful close.
            socket.LingerState = new LingerOption(true, 0);
        }
    }
}
