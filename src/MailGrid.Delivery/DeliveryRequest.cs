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
}
