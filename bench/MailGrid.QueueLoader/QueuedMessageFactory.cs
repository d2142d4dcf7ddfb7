using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.QueueLoader;

/// <summary>
/// The message record and queue entry MessageGrain.AcceptAsync writes for a message with one remote recipient,
/// all sharing one body blob.
/// </summary>
internal sealed class QueuedMessageFactory(string domain, string blobKey, long size, DateTimeOffset now)
{
    private readonly string recipient = $"user@{domain}";

    public MessageRecord Record(string messageId) => new()
    {
        Envelope = new MessageEnvelope
        {
            MessageId = messageId,
            ReversePath = "sender@source.bench",
            Recipients = [new EnvelopeRecipient { Address = recipient, Route = RecipientRouteKind.Remote, Target = domain }],
            BlobKey = blobKey,
            Size = size,
            ArrivedAt = now,
            ClientAddress = "127.0.0.1",
            ClientHelo = "source.bench",
        },
        Recipients = [new RecipientStatus { Address = recipient, State = RecipientState.Queued, UpdatedAt = now }],
        // The one body is shared by every loaded message: the first delivery would otherwise collect it (the grain
        // deletes a body once all recipients are final and no mailbox copy is left) and fail all the others.
        MailboxCopies = 1,
    };

    public QueueEntry Entry(string messageId) => new()
    {
        MessageId = messageId,
        BlobKey = blobKey,
        ReversePath = "sender@source.bench",
        Recipients = [recipient],
        ArrivedAt = now,
        DueAt = now,
        Size = size,
        // As AcceptAsync writes it: the DSN parameters travel with the entry (none here), so delivery reads no record.
        DsnRecipients = [],
    };
}
