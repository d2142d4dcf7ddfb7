using MailGrid.Delivery.Dkim;
using MailGrid.Delivery.Routing;
using MailGrid.Delivery.Telemetry;
using MailGrid.Delivery.Tls;
using MailGrid.Messages;
using MailGrid.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MailGrid.Delivery;

/// <summary>
/// Delivers over SMTP with MailKit. The next hops come from <see cref="NextHopResolver"/> (static route, smart host or
/// MX); they are tried in order, moving on when a connection fails, the greeting or EHLO is not 2xx, or the TLS policy
/// cannot be met. The first hop that gets as far as MAIL FROM decides every recipient's result. The message is
/// DKIM-signed once per attempt, before the first hop. A session (<see cref="OpenSession"/>) keeps its connection for
/// the next message while it stays usable; a stale one is replaced transparently.
/// </summary>
public sealed partial class SmtpDeliveryAgent(
    NextHopResolver routes,
    TlsPolicyResolver tlsPolicies,
    DkimMessageSigner dkim,
    IBlobStore blobs,
    IOptionsMonitor<DeliveryOptions> options,
    ILogger<SmtpDeliveryAgent> logger,
    DeliveryTelemetry? telemetry = null) : IDeliveryAgent
{
    public async Task<DeliveryAttempt> DeliverAsync(string domain, DeliveryRequest request, CancellationToken cancellationToken)
    {
        await using var session = OpenSession(domain);
        return await session.DeliverAsync(request, cancellationToken);
    }

    public IDeliverySession OpenSession(string domain) => new Session(this, domain);

    /// <summary>
    /// Resolves, loads, signs and delivers one message, reusing <paramref name="reuse"/> when it leads to one of the
    /// domain's next hops. Returns the attempt and the connection to keep for the next message (or null).
    /// </summary>
    private async Task<(DeliveryAttempt Attempt, OpenConnection? Keep)> DeliverCoreAsync(
        string domain, DeliveryRequest request, OpenConnection? reuse, Action opened, Func<DeliveryAttempt, ValueTask>? accepted, CancellationToken cancellationToken)
    {
        var resolution = await routes.ResolveAsync(domain, cancellationToken);
        if (!resolution.Succeeded)
        {
            LogNoRoute(logger, request.MessageId, domain, resolution.FailureDetail);
            return (AllRecipients(null, request, resolution.FailureState!.Value, resolution.FailureDetail ?? $"451 4.4.4 No route to {domain}"), reuse);
        }

        Stream? body = null;
        try
        {
            MimeMessage message;
            try
            {
                body = await blobs.OpenReadAsync(request.BlobKey, cancellationToken);
                if (body is null)
                {
                    return (AllRecipients(resolution.Hops[0], request, RecipientState.Failed, "554 5.3.0 Message body is missing from storage"), reuse);
                }

                // Persistent: part contents stay slices of the (seekable) body stream instead of copies in memory;
                // they are read again while the message is written out, so the stream lives until the transaction ends.
                message = await MimeMessage.LoadAsync(ParserOptions.Default, body, persistent: true, cancellationToken);
            }
            catch (StorageUnavailableException ex)
            {
                LogStorageTrouble(logger, request.MessageId, ex);
                return (AllRecipients(resolution.Hops[0], request, RecipientState.Deferred, "451 4.3.0 Message body temporarily unavailable"), reuse);
            }

            return await SendAsync(domain, request, resolution, message, reuse, opened, accepted, cancellationToken);
        }
        finally
        {
            if (body is not null)
            {
                await body.DisposeAsync();
            }
        }
    }

    /// <summary>Signs <paramref name="message"/> and runs its transaction on a reused or a new connection.</summary>
    private async Task<(DeliveryAttempt Attempt, OpenConnection? Keep)> SendAsync(
        string domain, DeliveryRequest request, NextHopResolution resolution, MimeMessage message, OpenConnection? reuse, Action opened,
        Func<DeliveryAttempt, ValueTask>? accepted, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var signedFor = dkim.Sign(message, request.ReversePath);
        if (reuse is not null)
        {
            if (reuse.Client.IsConnected && resolution.Hops.Any(h => h.Host == reuse.Hop.Host && h.Port == reuse.Hop.Port))
            {
                var (attempt, reusable, lost) = await TransactAsync(reuse, request, message, accepted, cancellationToken);
                if (!lost)
                {
                    return (attempt with { DkimDomain = signedFor }, reusable ? reuse : await DropAsync(reuse));
                }
            }

            // The cached connection went stale (the server closed it) or leads elsewhere now: start afresh.
            await DropAsync(reuse);
        }

        var policy = tlsPolicies.For(domain);
        var skipped = new List<string>();
        NextHop? last = null;
        foreach (var hop in resolution.Hops)
        {
            last = hop;
            var (connection, skipReason) = await ConnectAsync(hop, policy, request, settings, cancellationToken);
            if (connection is null)
            {
                LogHopSkipped(logger, request.MessageId, hop.ToString(), skipReason);
                skipped.Add($"{hop}: {skipReason}");
                continue;
            }

            opened();
            connection.Usage = telemetry?.ConnectionOpened(domain);
            var (attempt, reusable, _) = await TransactAsync(connection, request, message, accepted, cancellationToken);
            return (attempt with { DkimDomain = signedFor, SkippedHops = skipped }, reusable ? connection : await DropAsync(connection));
        }

        var reason = skipped.Count > 0 ? skipped[^1][(skipped[^1].IndexOf(": ", StringComparison.Ordinal) + 2)..] : $"No next hop for {domain}";
        var detail = reason.StartsWith('4') ? reason : $"451 4.4.0 No next hop for {domain} accepted a connection; last: {reason}";
        // Every next hop refused or failed before a session began: the destination looks dead (counts toward suspension).
        return (AllRecipients(last, request, RecipientState.Deferred, detail) with { DkimDomain = signedFor, SkippedHops = skipped, ConnectionFailed = skipped.Count > 0 }, null);
    }

    private static async Task<OpenConnection?> DropAsync(OpenConnection connection)
    {
        connection.Usage?.Closed();
        await CloseAsync(connection.Client);
        return null;
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

    private static RecipientState StateOf(MailKit.Net.Smtp.SmtpStatusCode code) => (int)code >= 500 ? RecipientState.Failed : RecipientState.Deferred;
}
