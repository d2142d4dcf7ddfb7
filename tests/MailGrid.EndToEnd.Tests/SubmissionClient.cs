using System.Net;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailGrid.EndToEnd.Tests;

/// <summary>A MailKit client on the submission listeners of the all-in-one server (TLS with its generated certificate).</summary>
internal static class SubmissionClient
{
    public static async Task<SmtpClient> ConnectAsync(int port, SecureSocketOptions security)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var client = new SmtpClient
        {
            // The server's certificate is the self-signed one generated at start.
#pragma warning disable CA5359
            ServerCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
        };
        await client.ConnectAsync(socket, "localhost", port, security);
        return client;
    }
}
