using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailGrid.Testing;

/// <summary>
/// Sends mail to an SMTP port on 127.0.0.1 with MailKit over a socket this class connects itself
/// (NoDelay; MailKit's own connect costs ~45 ms per connection on loopback).
/// </summary>
public static class SmtpTestClient
{
    /// <summary>Connects and reads the greeting and EHLO reply; the caller disposes the client.</summary>
    public static async Task<SmtpClient> ConnectAsync(int port, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new SmtpClient { LocalDomain = "client.test", Timeout = 30_000 };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            await client.ConnectAsync(socket, "127.0.0.1", port, SecureSocketOptions.None, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one message in its own connection; returns the server's final reply text.</summary>
    public static async Task<string> SendAsync(int port, MimeMessage message, CancellationToken cancellationToken = default)
    {
        using var client = await ConnectAsync(port, cancellationToken);
        var response = await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return response;
    }

    /// <summary>
    /// Sends raw RFC 5322 bytes (CRLF line ends) with an explicit envelope. The bytes are parsed by MimeKit and
    /// written back unchanged as long as they are well-formed (MailKit hides Bcc headers).
    /// </summary>
    public static async Task<string> SendRawAsync(
        int port,
        string sender,
        IEnumerable<string> recipients,
        ReadOnlyMemory<byte> rawMessage,
        CancellationToken cancellationToken = default)
    {
        var message = await ParseAsync(rawMessage, cancellationToken);
        using var client = await ConnectAsync(port, cancellationToken);
        var response = await client.SendAsync(
            message, MailboxAddress.Parse(sender), recipients.Select(MailboxAddress.Parse), cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return response;
    }

    /// <summary>
    /// Sends like a real MTA would: on a 4xx reply or a connection failure it tries again (short backoff) until
    /// <paramref name="timeout"/>; a 5xx reply fails at once. Returns the final reply text.
    /// </summary>
    public static async Task<string> SendWithRetryAsync(
        int port, MimeMessage message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        var backoff = TimeSpan.FromMilliseconds(50);
        var attempts = 0;
        while (true)
        {
            attempts++;
            try
            {
                return await SendAsync(port, message, cancellationToken);
            }
            catch (Exception exception) when (IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                if (deadline.Elapsed + backoff > timeout)
                {
                    throw new TimeoutException(
                        $"Could not send to 127.0.0.1:{port} within {timeout.TotalSeconds} s ({attempts} attempts); last error: {exception.Message}",
                        exception);
                }
            }

            await Task.Delay(backoff, cancellationToken);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 1_000));
        }
    }

    /// <summary>True for failures a sender should retry: 4xx replies, dropped or refused connections.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException => true,
        _ => false,
    };

    private static async Task<MimeMessage> ParseAsync(ReadOnlyMemory<byte> rawMessage, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(rawMessage.ToArray(), writable: false);
        return await MimeMessage.LoadAsync(stream, cancellationToken);
    }
}
