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

    private DsnRecipientParameters? Parameters(MailboxAddress mailbox)
        => _request.DsnRecipients is { } all && all.TryGetValue(mailbox.Address, out var parameters) ? parameters : null;
}
