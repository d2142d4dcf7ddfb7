using System.Net.Sockets;
using MailGrid.Delivery.Routing;
using MailGrid.Messages;
using MailGrid.Storage;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MailGrid.Delivery;

/// <summary>
/// Delivers over SMTP with MailKit to the next hop chosen by static routes. One connection per attempt
/// (connection reuse, MX lookup and throttling come with the delivery engine).
/// </summary>
public sealed partial class SmtpDeliveryAgent(
    StaticRouteResolver routes,
    IBlobStore blobs,
    IOptionsMonitor<DeliveryOptions> options,
    ILogger<SmtpDeliveryAgent> logger) : IDeliveryAgent
{
    public async Task<DeliveryAttempt> DeliverAsync(string domain, DeliveryRequest request, CancellationToken cancellationToken)
    {
        var hop = routes.Resolve(domain);
        if (hop is null)
        {
            return AllRecipients(null, request, RecipientState.Deferred, $"451 4.4.4 No route to {domain}");
        }

        var settings = options.CurrentValue;
        try
        {
            await using var body = await blobs.OpenReadAsync(request.BlobKey, cancellationToken);
            if (body is null)
            {
                return AllRecipients(hop, request, RecipientState.Failed, "554 5.3.0 Message body is missing from storage");
            }

            var message = await MimeMessage.LoadAsync(body, cancellationToken);
            return await SendAsync(hop, request, message, settings, cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            LogStorageTrouble(logger, request.MessageId, ex);
            return AllRecipients(hop, request, RecipientState.Deferred, "451 4.3.0 Message body temporarily unavailable");
        }
    }

    private async Task<DeliveryAttempt> SendAsync(NextHop hop, DeliveryRequest request, MimeMessage message, DeliveryOptions settings, CancellationToken cancellationToken)
    {
        using var client = new RecordingSmtpClient
        {
            Timeout = (int)settings.CommandTimeout.TotalMilliseconds,
            LocalDomain = settings.HeloName ?? System.Net.Dns.GetHostName(),
            // Opportunistic TLS authenticates nobody (as Postfix's "may" level): any certificate is taken.
#pragma warning disable CA5359
            ServerCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
        };

        var sessionStarted = false;
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(settings.ConnectTimeout);
                var socket = await ConnectSocketAsync(hop, connectTimeout.Token);
                await client.ConnectAsync(
                    socket,
                    hop.Host,
                    hop.Port,
                    settings.OpportunisticTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None,
                    connectTimeout.Token);
            }

            sessionStarted = true;

            var sender = request.ReversePath.Length == 0 ? new MailboxAddress(string.Empty, string.Empty) : new MailboxAddress(string.Empty, request.ReversePath);
            var recipients = request.Recipients.Select(r => new MailboxAddress(string.Empty, r)).ToList();
            var reply = await client.SendAsync(FormatOptions.Default, message, sender, recipients, cancellationToken);
            await QuitQuietlyAsync(client);
            return Outcome(hop, request, client, RecipientState.Delivered, $"250 {reply}");
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
        {
            // Every recipient was refused: each has its own reply recorded.
            await QuitQuietlyAsync(client);
            return Outcome(hop, request, client, StateOf(ex.StatusCode), Describe(ex));
        }
        catch (SmtpCommandException ex)
        {
            // MAIL FROM or DATA refused, or an unexpected reply: the verdict applies to all recipients still open.
            // Refused before a session began (a 4xx greeting or EHLO): the destination is not taking mail.
            await QuitQuietlyAsync(client);
            return Outcome(hop, request, client, StateOf(ex.StatusCode), Describe(ex)) with { ConnectionFailed = !sessionStarted };
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or OperationCanceledException or SslHandshakeException or ServiceNotConnectedException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            LogConnectionTrouble(logger, hop.ToString(), request.MessageId, ex.Message);
            return AllRecipients(hop, request, RecipientState.Deferred, $"451 4.4.1 Connection to {hop} failed: {ex.Message}") with { ConnectionFailed = true };
        }
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

    /// <summary>Rejected recipients keep their own reply; all others get <paramref name="state"/> and <paramref name="detail"/>.</summary>
    private static DeliveryAttempt Outcome(NextHop hop, DeliveryRequest request, RecordingSmtpClient client, RecipientState state, string detail)
    {
        var results = request.Recipients.Select(address =>
            client.RejectedRecipients.TryGetValue(address, out var rejected)
                ? new RecipientResult(address, StateOf(rejected.StatusCode), $"{(int)rejected.StatusCode} {rejected.Response}")
                : new RecipientResult(address, state, detail)).ToList();
        return new DeliveryAttempt(hop, results);
    }

    private static DeliveryAttempt AllRecipients(NextHop? hop, DeliveryRequest request, RecipientState state, string detail)
        => new(hop, request.Recipients.Select(r => new RecipientResult(r, state, detail)).ToList());

    private static RecipientState StateOf(SmtpStatusCode code) => (int)code >= 500 ? RecipientState.Failed : RecipientState.Deferred;

    private static string Describe(SmtpCommandException ex) => $"{(int)ex.StatusCode} {ex.Message}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of {MessageId} via {Hop} failed to connect or talk: {Reason}")]
    private static partial void LogConnectionTrouble(ILogger logger, string hop, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Body of {MessageId} could not be read from storage")]
    private static partial void LogStorageTrouble(ILogger logger, string messageId, Exception exception);
}
