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
/// <para>
/// A report about a message that came with SMTPUTF8 is internationalized (RFC 6533): report-type and status part
/// <c>global-delivery-status</c>, the original as <c>message/global</c> or <c>message/global-headers</c>, 8bit,
/// UTF-8 written as is and non-ASCII addresses as <c>utf-8;addr</c>. Its sender used SMTPUTF8, so it can take one back.
/// Any other report stays 7-bit, for a sender that may not: a non-ASCII address (say an ORCPT given as
/// utf-8-addr-xtext without SMTPUTF8) is <c>utf-8;</c> with <c>\x{HEX}</c> escapes, other non-ASCII text is escaped
/// likewise, and the human-readable part is quoted-printable. An ASCII report is as it always was.
/// </para>
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
        var international = IsInternational(envelope);
        var anyFailed = recipients.Any(r => r.Action == DsnAction.Failed);
        var returnFull = anyFailed
            && !string.Equals(envelope.DsnReturn, "HDRS", StringComparison.OrdinalIgnoreCase)
            && envelope.Size <= settings.MaxReturnedMessageSize;

        var report = new MultipartReport(international ? "global-delivery-status" : "delivery-status")
        {
            HumanText(envelope, recipients, host, international),
            DeliveryStatus(envelope, recipients, host, international),
        };

        string? originalMessageId = null;
        if (original is not null)
        {
            if (returnFull)
            {
                var message = await MimeMessage.LoadAsync(original, cancellationToken);
                originalMessageId = message.MessageId;
                report.Add(international ? EightBit(new MessagePart("global") { Message = message }) : new MessagePart { Message = message });
            }
            else
            {
                var headers = await HeaderList.LoadAsync(original, cancellationToken);
                var headersOnly = new MimeMessage(headers.ToArray<object>());
                originalMessageId = headersOnly.MessageId;
                report.Add(international ? EightBit(GlobalHeaders(headersOnly)) : new TextRfc822Headers { Message = headersOnly });
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

    /// <summary>Whether the report about <paramref name="original"/> is internationalized: the message came with SMTPUTF8.</summary>
    public static bool IsInternational(MessageEnvelope original)
    {
        ArgumentNullException.ThrowIfNull(original);
        return original.SmtpUtf8;
    }

    /// <summary>The returned header section of an SMTPUTF8 message: <c>message/global-headers</c> (RFC 6533).</summary>
    private static TextRfc822Headers GlobalHeaders(MimeMessage headers)
    {
        var part = new TextRfc822Headers { Message = headers };
        part.ContentType.MediaType = "message";
        part.ContentType.MediaSubtype = "global-headers";
        return part;
    }

    /// <summary>A returned SMTPUTF8 original may have UTF-8 header fields: 8bit says so (RFC 6532 §3.7).</summary>
    private static MessagePart EightBit(MessagePart part)
    {
        part.Headers[HeaderId.ContentTransferEncoding] = "8bit";
        return part;
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

    private static TextPart HumanText(MessageEnvelope envelope, IReadOnlyList<DsnRecipientReport> recipients, string host, bool international)
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

        var part = new TextPart("plain") { Text = text.ToString() };
        if (!Ascii.IsValid(part.Text))
        {
            // UTF-8 addresses or replies: raw in an 8-bit report, quoted-printable in a 7-bit one.
            part.ContentTransferEncoding = international ? ContentEncoding.EightBit : ContentEncoding.QuotedPrintable;
        }

        return part;
    }

    private static MessageDeliveryStatus DeliveryStatus(MessageEnvelope envelope, IReadOnlyList<DsnRecipientReport> recipients, string host, bool international)
    {
        var status = new DsnStatusPart(international);
        status.AddGroup(
            ("Original-Envelope-Id", envelope.DsnEnvelopeId),
            ("Reporting-MTA", $"dns; {host}"),
            ("Received-From-MTA", string.IsNullOrEmpty(envelope.ClientHelo) ? null : $"dns; {envelope.ClientHelo}"),
            ("Arrival-Date", DateUtils.FormatDate(envelope.ArrivedAt)));

        foreach (var recipient in recipients)
        {
            // An expired recipient's Status says why it failed (4.4.7); its Diagnostic-Code quotes the last reply.
            var diagnostic = recipient.DiagnosticReply ?? recipient.Reply;
            status.AddGroup(
                ("Original-Recipient", recipient.OriginalRecipient is { Length: > 0 } orcpt ? DsnAddress.Original(orcpt, international) : null),
                ("Final-Recipient", DsnAddress.Typed(recipient.FinalRecipient, international)),
                ("Action", recipient.Action.ToString().ToLowerInvariant()),
                ("Status", DsnStatus.From(recipient.Reply, recipient.Action)),
                ("Remote-MTA", recipient.RemoteMta is null ? null : $"dns; {recipient.RemoteMta}"),
                ("Diagnostic-Code", DsnStatus.IsSmtpReply(diagnostic) ? $"smtp; {diagnostic}" : null),
                ("Last-Attempt-Date", recipient.LastAttemptDate is { } lastAttempt ? DateUtils.FormatDate(lastAttempt) : null),
                ("Will-Retry-Until", recipient.Action == DsnAction.Delayed && recipient.WillRetryUntil is { } until ? DateUtils.FormatDate(until) : null));
        }

        return status.Build();
    }
}
