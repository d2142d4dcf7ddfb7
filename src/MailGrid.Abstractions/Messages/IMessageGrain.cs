namespace MailGrid.Messages;

/// <summary>
/// One grain per accepted message (key: message id). Owns the message record and each recipient's fate,
/// and fans the message out to mailbox and domain queue grains.
/// </summary>
public interface IMessageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Persists the message record and hands every recipient to its mailbox or domain queue grain.
    /// Returns only when all of that is durable: the ingress answers 250 after this, 451 if it throws.
    /// </summary>
    Task AcceptAsync(MessageEnvelope envelope);

    /// <summary>The record with per-recipient status, or null for an unknown id.</summary>
    Task<MessageRecord?> GetRecordAsync();

    /// <summary>Records outcomes of a delivery attempt (or a local delivery).</summary>
    Task ReportAsync(RecipientOutcome[] outcomes);

    /// <summary>A mailbox deleted its copy; the body blob goes when no copy and no open recipient remain.</summary>
    Task ReleaseMailboxCopyAsync();

    /// <summary>
    /// Deletes the record when every recipient became final before <paramref name="finalBefore"/> (retention is over),
    /// and the body with it unless a mailbox still holds a copy; true when the record went.
    /// </summary>
    Task<bool> ExpireAsync(DateTimeOffset finalBefore);
}
