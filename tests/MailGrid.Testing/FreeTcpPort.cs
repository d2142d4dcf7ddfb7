using System.Net;
using System.Net.Sockets;

namespace MailGrid.Testing;

/// <summary>Finds TCP ports on 127.0.0.1 that are free right now.</summary>
public static class FreeTcpPort
{
    /// <summary>
    /// Returns a port the OS just handed out for 127.0.0.1. The port is released before returning,
    /// so another process may take it in between; callers that start servers retry on bind failure.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
