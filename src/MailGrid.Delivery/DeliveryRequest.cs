using MailGrid.Messages;

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

    /// <summary>The request for <paramref name="recipients"/> of <paramref name="envelope"/>, with its DSN parameters (RET, ENVID, NOTIFY, ORCPT).</summary>
    public static DeliveryRequest For(MessageEnvelope envelope, IReadOnlyList<string> recipients)
    {
        var wanted = new HashSet<string>(recipients, StringComparer.OrdinalIgnoreCase);
        var dsn = envelope.Recipients
            .Where(r => wanted.Contains(r.Address) && (r.DsnNotify is not null || r.DsnOriginalRecipient is not null))
            .GroupBy(r => r.Address, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => new DsnRecipientParameters(g.First().DsnNotify, g.First().DsnOriginalRecipient), StringComparer.OrdinalIgnoreCase);
        return new DeliveryRequest(envelope.MessageId, envelope.BlobKey, envelope.ReversePath, recipients)
        {
            DsnReturn = envelope.DsnReturn,
            DsnEnvelopeId = envelope.DsnEnvelopeId,
            DsnRecipients = dsn.Count == 0 ? null : dsn,
        };
    }
}
