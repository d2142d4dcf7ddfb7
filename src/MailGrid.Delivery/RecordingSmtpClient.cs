using MailKit.Net.Smtp;
using MimeKit;

namespace MailGrid.Delivery;

/// <summary>
/// An <see cref="SmtpClient"/> that records rejected recipients instead of aborting the transaction,
/// so one attempt yields a result per recipient (MailKit's documented extension point).
/// </summary>
internal sealed class RecordingSmtpClient : SmtpClient
{
    private readonly Dictionary<string, SmtpResponse> _rejected = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, SmtpResponse> RejectedRecipients => _rejected;

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        => _rejected[mailbox.Address] = response;
}
