using System.Net.Sockets;
using MailGrid.Delivery.Routing;
using MailGrid.Delivery.Telemetry;
using MailGrid.Delivery.Tls;
using MailGrid.Messages;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailGrid.Delivery;

public sealed partial class SmtpDeliveryAgent
{
    /// <summary>A connected, greeted (and possibly secured and authenticated) client to one next hop.</summary>
    private sealed record OpenConnection(NextHop Hop, RecordingSmtpClient Client, bool SupportsDsn, bool Secure)
    {
        /// <summary>Its metrics (active connections, messages per connection); null without telemetry.</summary>
        public DeliveryConnectionUsage? Usage { get; set; }
    }

    /// <summary>Connects to one next hop (greeting, EHLO, STARTTLS per policy, AUTH when configured), or says why to skip it.</summary>
    private static async Task<(OpenConnection? Connection, string? SkipReason)> ConnectAsync(NextHop hop, TlsPolicy policy, DeliveryRequest request, DeliveryOptions settings, CancellationToken cancellationToken)
    {
        var client = new RecordingSmtpClient(request)
        {
            Timeout = (int)settings.CommandTimeout.TotalMilliseconds,
            LocalDomain = settings.HeloName ?? System.Net.Dns.GetHostName(),
            // Opportunistic and required TLS authenticate nobody (Postfix's "may" and "encrypt"): any certificate is taken.
#pragma warning disable CA5359
            ServerCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
        };

        // Connection phase: any trouble here means "try the next hop" (RFC 5321 §5.1).
        string reason;
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
                    await CloseAsync(client);
                    return (null, $"530 5.7.0 {hop} does not offer AUTH but credentials are configured");
                }

                await client.AuthenticateAsync(credentials, connectTimeout.Token);
            }

            return (new OpenConnection(hop, client, client.Capabilities.HasFlag(SmtpCapabilities.Dsn), client.IsSecure), null);
        }
        catch (AuthenticationException ex)
        {
            reason = $"535 5.7.8 Authentication with {hop} failed: {ex.Message}";
        }
        catch (SmtpCommandException ex)
        {
            reason = Describe(ex);
        }
        catch (NotSupportedException) when (policy == TlsPolicy.Required)
        {
            reason = $"451 4.7.4 TLS is required but {hop} does not offer STARTTLS";
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or OperationCanceledException or SslHandshakeException or ServiceNotConnectedException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                await CloseAsync(client);
                throw;
            }

            reason = $"451 4.4.1 Connection to {hop} failed: {ex.Message}";
        }

        await CloseAsync(client);
        return (null, reason);
    }

    /// <summary>
    /// One mail transaction on an open connection. <c>Lost</c>: the connection broke before a reply decided
    /// anything; <c>Reusable</c>: the connection may carry the next message. <paramref name="accepted"/> hears of a
    /// 250 to the end of DATA on the thread that read it.
    /// </summary>
    private async Task<(DeliveryAttempt Attempt, bool Reusable, bool Lost)> TransactAsync(
        OpenConnection connection, DeliveryRequest request, MimeMessage message, Func<DeliveryAttempt, ValueTask>? accepted, CancellationToken cancellationToken)
    {
        var (hop, client, supportsDsn, secured) = connection;
        connection.Usage?.MessageStarted();
        client.Prepare(request);
        try
        {
            var sender = request.ReversePath.Length == 0 ? new MailboxAddress(string.Empty, string.Empty) : new MailboxAddress(string.Empty, request.ReversePath);
            var recipients = request.Recipients.Select(r => new MailboxAddress(string.Empty, r)).ToList();
            // Resumed where the reply was read, not on the caller's scheduler: from the 250 on, the receiver has the
            // message, and until the caller has noted that, a crash means sending it twice. Under load a hop back to a
            // busy scheduler costs milliseconds.
            var reply = await client.SendAsync(FormatOptions.Default, message, sender, recipients, cancellationToken).ConfigureAwait(false);
            var attempt = Decided(Outcome(hop, request, client, RecipientState.Delivered, $"250 {reply}"));
            if (accepted is not null)
            {
                await accepted(attempt).ConfigureAwait(false);
            }

            return (attempt, client.IsConnected, false);
        }
        catch (SmtpCommandException ex)
        {
            // MAIL FROM or DATA refused, every recipient refused (each keeps its own reply), or an unexpected reply.
            // The connection is not trusted with another message after a refusal.
            return (Decided(Outcome(hop, request, client, StateOf(ex.StatusCode), Describe(ex))), false, false);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or OperationCanceledException or ServiceNotConnectedException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            LogConnectionTrouble(logger, hop.ToString(), request.MessageId, ex.Message);
            return (Decided(AllRecipients(hop, request, RecipientState.Deferred, $"451 4.4.2 Connection to {hop} lost during the transaction: {ex.Message}")), false, true);
        }

        DeliveryAttempt Decided(DeliveryAttempt attempt) => attempt with { NextHopSupportsDsn = supportsDsn, Tls = secured };
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

    /// <summary>QUIT if still connected, then dispose.</summary>
    private static async Task CloseAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true);
            }
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or SocketException or ServiceNotConnectedException)
        {
            // The message's fate is already decided; a failed QUIT changes nothing.
        }
        finally
        {
            client.Dispose();
        }
    }

    private static string Describe(SmtpCommandException ex) => $"{(int)ex.StatusCode} {ex.Message}";
}
