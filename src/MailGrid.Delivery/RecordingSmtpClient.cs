using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace MailGrid.Delivery;

/// <summary>
/// An <see cref="SmtpClient"/> that records rejected recipients instead of aborting the transaction,
/// so one attempt yields a result per recipient (MailKit's documented extension point), and that passes the
/// request's DSN parameters on (MailKit sends them only to servers that advertise DSN).
/// MailKit 4.18 gives no hook for ORCPT: with NOTIFY it always sends ORCPT=rfc822;&lt;RCPT address&gt;, which equals the
/// received ORCPT except after an address rewrite (none happens for remote recipients here).
/// It also says SMTPUTF8 for a message that came with it (<see cref="DeliveryRequest.SmtpUtf8"/>), not only for one with
/// a non-ASCII envelope address as MailKit would.
/// </summary>
internal sealed class RecordingSmtpClient : SmtpClient
{
    private readonly Dictionary<string, SmtpResponse> _rejected = new(StringComparer.OrdinalIgnoreCase);
    private DeliveryRequest _request;

    public RecordingSmtpClient(DeliveryRequest request)
    {
        _request = request;
        Prepare(request);
    }

    /// <summary>Readies the client for the next transaction on the same connection.</summary>
    public void Prepare(DeliveryRequest request)
    {
        _request = request;
        _rejected.Clear();
        DeliveryStatusNotificationType = request.DsnReturn?.ToUpperInvariant() switch
        {
            "FULL" => DeliveryStatusNotificationType.Full,
            "HDRS" => DeliveryStatusNotificationType.HeadersOnly,
            _ => DeliveryStatusNotificationType.Unspecified,
        };
    }

    public IReadOnlyDictionary<string, SmtpResponse> RejectedRecipients => _rejected;

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        => _rejected[mailbox.Address] = response;

    protected override string? GetEnvelopeId(MimeMessage message) => _request.DsnEnvelopeId;

    /// <summary>
    /// MailKit asks for SMTPUTF8 when the addresses need it or the format is International, and decides right after this
    /// hook, with the format it then writes the message in. International alone would also rewrite every header field as
    /// UTF-8 on the way out (and MailKit turns it off for a DKIM-signed message to avoid just that): the header fields
    /// are pinned to their bytes first, so the message goes out as it was received and signed.
    /// </summary>
    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength)
    {
        base.Prepare(options, message, constraint, maxLineLength);
        if (_request.SmtpUtf8 && Capabilities.HasFlag(SmtpCapabilities.UTF8))
        {
            PinHeaders(message);
            options.International = true;
        }
    }

    protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox)
    {
        var notify = Parameters(mailbox)?.Notify;
        if (string.IsNullOrWhiteSpace(notify))
        {
            return null;
        }

        DeliveryStatusNotification flags = 0;
        foreach (var keyword in notify.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            flags |= keyword.ToUpperInvariant() switch
            {
                "SUCCESS" => DeliveryStatusNotification.Success,
                "FAILURE" => DeliveryStatusNotification.Failure,
                "DELAY" => DeliveryStatusNotification.Delay,
                _ => 0,
            };
        }

        return flags == 0 ? DeliveryStatusNotification.Never : flags;
    }

    /// <summary>Makes every header field of the message and its parts keep its raw bytes whatever the format.</summary>
    private static void PinHeaders(MimeMessage message)
    {
        Pin(message.Headers);
        using var parts = new MimeIterator(message);
        while (parts.MoveNext())
        {
            Pin(parts.Current.Headers);
            if (parts.Current is MessagePart { Message: { } attached })
            {
                PinHeaders(attached);
            }
        }

        static void Pin(HeaderList headers)
        {
            foreach (var header in headers)
            {
                header.SetRawValue(header.RawValue);
            }
        }
    }

    private DsnRecipientParameters? Parameters(MailboxAddress mailbox)
        => _request.DsnRecipients is { } all && all.TryGetValue(mailbox.Address, out var parameters) ? parameters : null;
}
