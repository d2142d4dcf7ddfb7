using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace MailGrid.Smtp.Tests.Infrastructure;

/// <summary>MailKit's client with DSN requests (RFC 3461) and, optionally, BDAT for every message.</summary>
public sealed class DsnSmtpClient(IProtocolLogger logger) : SmtpClient(logger)
{
    public DeliveryStatusNotification? Notify { get; init; }

    public string? EnvelopeId { get; init; }

    public bool AlwaysBdat { get; init; }

    protected override bool PreferSendAsBinaryData => AlwaysBdat;

    protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox) => Notify;

    protected override string? GetEnvelopeId(MimeMessage message) => EnvelopeId;
}
