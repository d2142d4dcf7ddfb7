using System.Net.Sockets;
using MailGrid.Delivery.Routing;
using MailGrid.Delivery.Tls;
using MailGrid.Messages;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailGrid.Delivery;

public sealed partial class SmtpDeliveryAgent
{
    /// <summary>What talking to one next hop gave: an attempt that decides the recipients, or why to try the next hop.</summary>
    private readonly record struct HopOutcome(DeliveryAttempt? Attempt, string? SkipReason);

    private async Task<HopOutcome> TryHopAsync(NextHop hop, TlsPolicy policy, DeliveryRequest request, MimeMessage message, DeliveryOptions settings, CancellationToken cancellationToken)
    {
        using var client = new RecordingSmtpClient(request)
        {
            Timeout = (int)settings.CommandTimeout.TotalMilliseconds,
            LocalDomain = settings.HeloName ?? System.Net.Dns.GetHostName(),
            // Opportunistic and required TLS authenticate nobody (Postfix's "may" and "encrypt"): any certificate is taken.
#pragma warning disable CA5359
            ServerCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
        };

        // Connection phase: any trouble here means "try the next hop" (RFC 5321 §5.1).
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeout.CancelAfter(settings.ConnectTimeout);
            var socket = await ConnectSocketAsync(hop, connectTimeout.Token);
            policy = hop.Tls ?? policy;
            var secure = policy switch
            {
                TlsPolicy.None => SecureSocketOptions.None,
                TlsPolicy.Required => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            };
            await client.ConnectAsync(socket, hop.MxHost ?? hop.Host, hop.Port, secure, connectTimeout.Token);
            if (hop.Credentials is { } credentials)
            {
                if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
                {
                    await QuitQuietlyAsync(client);
                    return new HopOutcome(null, $"530 5.7.0 {hop} does not offer AUTH but credentials are configured");
                }

                await client.AuthenticateAsync(credentials, connectTimeout.Token);
            }
        }
        catch (AuthenticationException ex)
        {
            await QuitQuietlyAsync(client);
            return new HopOutcome(null, $"535 5.7.8 Authentication with {hop} failed: {ex.Message}");
        }
        catch (SmtpCommandException ex)
        {
            await QuitQuietlyAsync(client);
            return new HopOutcome(null, Describe(ex));
        }
        catch (NotSupportedException) when (policy == TlsPolicy.Required)
        {
            await QuitQuietlyAsync(client);
            return new HopOutcome(null, $"451 4.7.4 TLS is required but {hop} does not offer STARTTLS");
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or OperationCanceledException or SslHandshakeException or ServiceNotConnectedException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return new HopOutcome(null, $"451 4.4.1 Connection to {hop} failed: {ex.Message}");
        }

        var supportsDsn = client.Capabilities.HasFlag(SmtpCapabilities.Dsn);
        var secured = client.IsSecure;
        try
        {
            var sender = request.ReversePath.Length == 0 ? new MailboxAddress(string.Empty, string.Empty) : new MailboxAddress(string.Empty, request.ReversePath);
            var recipients = request.Recipients.Select(r => new MailboxAddress(string.Empty, r)).ToList();
            var reply = await client.SendAsync(FormatOptions.Default, message, sender, recipients, cancellationToken);
            await QuitQuietlyAsync(client);
            return Decided(Outcome(hop, request, client, RecipientState.Delivered, $"250 {reply}"));
        }
        catch (SmtpCommandException ex)
        {
            // MAIL FROM or DATA refused, every recipient refused (each keeps its own reply), or an unexpected reply.
            await QuitQuietlyAsync(client);
            return Decided(Outcome(hop, request, client, StateOf(ex.StatusCode), Describe(ex)));
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or OperationCanceledException or ServiceNotConnectedException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            LogConnectionTrouble(logger, hop.ToString(), request.MessageId, ex.Message);
            return Decided(AllRecipients(hop, request, RecipientState.Deferred, $"451 4.4.2 Connection to {hop} lost during the transaction: {ex.Message}"));
        }

        HopOutcome Decided(DeliveryAttempt attempt) => new(attempt with { NextHopSupportsDsn = supportsDsn, Tls = secured }, null);
    }

    private static async Task<Socket> ConnectSocketAsync(NextHop hop, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(hop.Host, hop.Port, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task QuitQuietlyAsync(SmtpClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            await client.DisconnectAsync(quit: true);
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or SocketException)
        {
            // The message's fate is already decided; a failed QUIT changes nothing.
        }
    }

    private static string Describe(SmtpCommandException ex) => $"{(int)ex.StatusCode} {ex.Message}";
}
