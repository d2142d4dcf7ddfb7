using System.Globalization;
using System.Text;
using MailGrid.Messages;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace MailGrid.Dsn;

/// <summary>
/// Builds RFC 3464 delivery status notifications: <c>multipart/report; report-type=delivery-status</c> with a
/// human-readable part, a <c>message/delivery-status</c> part and the original message. The original comes back
/// whole (<c>message/rfc822</c>) only in a report with failed recipients, when RET is not HDRS and the message
/// is within <see cref="DsnOptions.MaxReturnedMessageSize"/>; otherwise as <c>text/rfc822-headers</c>. RET=FULL
/// asks for the full content in failure DSNs only (RFC 3461 §4.3), and absent RET is treated like FULL (Postfix's
/// choice), bounded by the size limit. The report is sent from <c>MAILER-DAEMON@reporting-mta</c> to the envelope
/// sender; it must itself travel with the null reverse path <c>&lt;&gt;</c>.
/// </summary>
public sealed class DsnBuilder(IOptions<DsnOptions> options, TimeProvider time)
{
    /// <summary>
    /// The report for <paramref name="recipients"/> of the message <paramref name="envelope"/>; null when the
    /// envelope sender is null (a DSN is never sent about a message from &lt;&gt;) or there is nothing to report.
    /// </summary>
    /// <param name="original">The stored original message (read once, from the start), or null when it is gone.</param>
    public async Task<MimeMessage?> BuildAsync(MessageEnvelope envelope, IReadOnlyList<DsnRecipientReport> recipients, Stream? original, CancellationToken cancellationToken)
    {
        if (envelope.ReversePath.Length == 0 || recipients.Count == 0)
        {
            return null;
        }

        var settings = options.Value;
        var host = settings.ReportingMtaName;
        var anyFailed = recipients.Any(r => r.Action == DsnAction.Failed);
        var returnFull = anyFailed
            && !string.Equals(envelope.DsnReturn, "HDRS", StringComparison.OrdinalIgnoreCase)
            && envelope.Size <= settings.MaxReturnedMessageSize;

        var report = new MultipartReport("delivery-status")
        {
            HumanText(envelope, recipients, host),
            DeliveryStatus(envelope, recipients, host),
        };

        string? originalMessageId = null;
        if (original is not null)
        {
            if (returnFull)
            {
                var message = await MimeMessage.LoadAsync(original, cancellationToken);
                originalMessageId = message.MessageId;
                report.Add(new MessagePart { Message = message });
            }
            else
            {
                var headers = await HeaderList.LoadAsync(original, cancellationToken);
                var headersOnly = new MimeMessage(headers.ToArray<object>());
                originalMessageId = headersOnly.MessageId;
                report.Add(new TextRfc822Headers { Message = headersOnly });
            }
        }

        var dsn = new MimeMessage
        {
            Subject = Subject(recipients),
            Date = time.GetUtcNow(),
            MessageId = MimeUtils.GenerateMessageId(host),
            Body = report,
        };
        dsn.From.Add(new MailboxAddress("Mail Delivery System", $"MAILER-DAEMON@{host}"));
        dsn.To.Add(MailboxAddress.Parse(envelope.ReversePath));
        // RFC 3834: an automatic response; auto-responders must not answer it.
        dsn.Headers.Add("Auto-Submitted", "auto-replied");
        if (!string.IsNullOrEmpty(originalMessageId))
        {
            dsn.InReplyTo = originalMessageId;
            dsn.References.Add(originalMessageId);
        }

        return dsn;
    }

    private static string Subject(IReadOnlyList<DsnRecipientReport> recipients)
    {
        if (recipients.Any(r => r.Action == DsnAction.Failed))
        {
            return "Undelivered Mail Returned to Sender";
        }

        return recipients.Any(r => r.Action == DsnAction.Delayed)
            ? "Delayed Mail (still being retried)"
            : "Successful Mail Delivery Report";
    }

    private static TextPart HumanText(MessageEnvelope envelope, IReadOnlyList<DsnRecipientReport> recipients, string host)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"This is the mail system at host {host}.\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Your message {envelope.MessageId} of {DateUtils.FormatDate(envelope.ArrivedAt)}:\n\n");
        foreach (var recipient in recipients)
        {
            var what = recipient.Action switch
            {
                DsnAction.Failed => "could not be delivered; no further attempts will be made",
                DsnAction.Delayed => recipient.WillRetryUntil is { } until
                    ? $"has not been delivered yet; delivery will be retried until {DateUtils.FormatDate(until)}"
                    : "has not been delivered yet; delivery will be retried",
                DsnAction.Delivered => "was delivered",
                _ => "was relayed to a server that sends no further notifications",
            };
            text.Append(CultureInfo.InvariantCulture, $"  <{recipient.FinalRecipient}> {what}.\n");
            if (recipient.Reply is not null)
            {
                var by = recipient.RemoteMta is null ? string.Empty : $" from {recipient.RemoteMta}";
                text.Append(CultureInfo.InvariantCulture, $"    Reply{by}: {recipient.Reply}\n");
            }
        }

        return new TextPart("plain") { Text = text.ToString() };
    }

    private static MessageDeliveryStatus DeliveryStatus(MessageEnvelope envelope, IReadOnlyList<DsnRecipientReport> recipients, string host)
    {
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList();
        if (envelope.DsnEnvelopeId is not null)
        {
            perMessage.Add("Original-Envelope-Id", envelope.DsnEnvelopeId);
        }

        perMessage.Add("Reporting-MTA", $"dns; {host}");
        if (!string.IsNullOrEmpty(envelope.ClientHelo))
        {
            perMessage.Add("Received-From-MTA", $"dns; {envelope.ClientHelo}");
        }

        perMessage.Add("Arrival-Date", DateUtils.FormatDate(envelope.ArrivedAt));
        status.StatusGroups.Add(perMessage);

        foreach (var recipient in recipients)
        {
            var group = new HeaderList();
            if (recipient.OriginalRecipient is { Length: > 0 } orcpt)
            {
                group.Add("Original-Recipient", orcpt.Contains(';', StringComparison.Ordinal) ? orcpt : $"rfc822;{orcpt}");
            }

            group.Add("Final-Recipient", $"rfc822;{recipient.FinalRecipient}");
            group.Add("Action", recipient.Action.ToString().ToLowerInvariant());
            group.Add("Status", DsnStatus.From(recipient.Reply, recipient.Action));
            if (recipient.RemoteMta is not null)
            {
                group.Add("Remote-MTA", $"dns; {recipient.RemoteMta}");
            }

            if (DsnStatus.IsSmtpReply(recipient.Reply))
            {
                group.Add("Diagnostic-Code", $"smtp; {recipient.Reply}");
            }

            if (recipient.LastAttemptDate is { } lastAttempt)
            {
                group.Add("Last-Attempt-Date", DateUtils.FormatDate(lastAttempt));
            }

            if (recipient.Action == DsnAction.Delayed && recipient.WillRetryUntil is { } until)
            {
                group.Add("Will-Retry-Until", DateUtils.FormatDate(until));
            }

            status.StatusGroups.Add(group);
        }

        return status;
    }
}
