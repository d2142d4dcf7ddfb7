using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.Delivery;

/// <summary>One message to hand to a next hop for some of its recipients.</summary>
public sealed record DeliveryRequest(string MessageId, string BlobKey, string ReversePath, IReadOnlyList<string> Recipients)
{
    /// <summary>RET (FULL or HDRS) to pass on when the next hop supports DSN; null when the client gave none.</summary>
    public string? DsnReturn { get; init; }

    /// <summary>ENVID to pass on when the next hop supports DSN; null when the client gave none.</summary>
    public string? DsnEnvelopeId { get; init; }

    /// <summary>NOTIFY/ORCPT per recipient address (case-insensitive keys); recipients not listed have none.</summary>
    public IReadOnlyDictionary<string, DsnRecipientParameters>? DsnRecipients { get; init; }

    /// <summary>The message came with SMTPUTF8 (RFC 6531): MAIL FROM says SMTPUTF8 when the next hop offers it.</summary>
    public bool SmtpUtf8 { get; init; }

    /// <summary>The request for <paramref name="recipients"/> of <paramref name="envelope"/>, with its DSN parameters (RET, ENVID, NOTIFY, ORCPT).</summary>
    public static DeliveryRequest For(MessageEnvelope envelope, IReadOnlyList<string> recipients)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return Build(envelope.MessageId, envelope.BlobKey, envelope.ReversePath, recipients, envelope.DsnReturn, envelope.DsnEnvelopeId, envelope.Recipients) with
        {
            SmtpUtf8 = envelope.SmtpUtf8,
        };
    }

    /// <summary>
    /// The request for a queue entry's remaining recipients, from the DSN parameters it carries; null when the entry
    /// predates them (<see cref="QueueEntry.DsnRecipients"/> is null) and the message record must be read instead.
    /// </summary>
    public static DeliveryRequest? For(QueueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.DsnRecipients is null
            ? null
            : Build(entry.MessageId, entry.BlobKey, entry.ReversePath, entry.Recipients, entry.DsnReturn, entry.DsnEnvelopeId, entry.DsnRecipients) with
            {
                SmtpUtf8 = entry.SmtpUtf8,
            };
    }

    /// <summary>Whether the recipient was accepted with NOTIFY= or ORCPT= (RFC 3461), which the next hop should get.</summary>
    public static bool CarriesDsnParameters(EnvelopeRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return recipient.DsnNotify is not null || recipient.DsnOriginalRecipient is not null;
    }

    private static DeliveryRequest Build(
        string messageId, string blobKey, string reversePath, IReadOnlyList<string> recipients, string? dsnReturn, string? dsnEnvelopeId, EnvelopeRecipient[] accepted)
    {
        Dictionary<string, DsnRecipientParameters>? dsn = null;
        if (accepted.Length > 0)
        {
            var wanted = new HashSet<string>(recipients, StringComparer.OrdinalIgnoreCase);
            dsn = accepted
                .Where(r => wanted.Contains(r.Address) && CarriesDsnParameters(r))
                .GroupBy(r => r.Address, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => new DsnRecipientParameters(g.First().DsnNotify, g.First().DsnOriginalRecipient), StringComparer.OrdinalIgnoreCase);
        }

        return new DeliveryRequest(messageId, blobKey, reversePath, recipients)
        {
            DsnReturn = dsnReturn,
            DsnEnvelopeId = dsnEnvelopeId,
            DsnRecipients = dsn is { Count: > 0 } ? dsn : null,
        };
    }
}
