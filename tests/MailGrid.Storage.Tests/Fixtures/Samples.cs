using MailGrid.Mailboxes;
using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.Storage.Tests.Fixtures;

/// <summary>Sample records with every field set, so round trips check all of them.</summary>
public static class Samples
{
    public static readonly DateTimeOffset Epoch = new(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(2));

    public static MessageRecord Message(string id) => new()
    {
        Envelope = new MessageEnvelope
        {
            MessageId = id,
            ReversePath = "sender@example.org",
            Recipients =
            [
                new EnvelopeRecipient { Address = "alice@local.test", Route = RecipientRouteKind.Mailbox, Target = "alice@local.test" },
                new EnvelopeRecipient { Address = "bob@remote.test", Route = RecipientRouteKind.Remote, Target = "remote.test" },
            ],
            BlobKey = $"bodies/{id}.eml",
            Size = 1234,
            ArrivedAt = Epoch,
            ClientAddress = "127.0.0.1",
            ClientHelo = "client.example.org",
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            BodyType = "8BITMIME",
        },
        Recipients =
        [
            new RecipientStatus { Address = "alice@local.test", State = RecipientState.Delivered, Detail = "mailbox uid 1", Attempts = 1, UpdatedAt = Epoch },
            new RecipientStatus { Address = "bob@remote.test", State = RecipientState.Deferred, Detail = "451 4.7.1 try later", Attempts = 2, UpdatedAt = Epoch, RemoteHost = "mx.remote.test" },
        ],
    };

    /// <summary>A record whose recipients are all final, the last of them at <paramref name="lastFinalAt"/>.</summary>
    public static MessageRecord FinalMessage(string id, DateTimeOffset lastFinalAt)
    {
        var record = Message(id);
        return record with
        {
            Recipients =
            [
                record.Recipients[0] with { UpdatedAt = lastFinalAt.AddMinutes(-5) },
                record.Recipients[1] with { State = RecipientState.Failed, Detail = "550 5.1.1 no such user", UpdatedAt = lastFinalAt },
            ],
        };
    }

    public static MailboxEntry MailboxEntry(string messageId) => new()
    {
        MessageId = messageId,
        BlobKey = $"bodies/{messageId}.eml",
        Size = 4321,
        ReceivedAt = Epoch,
        ReversePath = "sender@example.org",
    };

    public static QueueEntry QueueEntry(string messageId, DateTimeOffset dueAt) => new()
    {
        MessageId = messageId,
        BlobKey = $"bodies/{messageId}.eml",
        ReversePath = "sender@example.org",
        Recipients = ["bob@remote.test", "carol@remote.test"],
        ArrivedAt = Epoch,
        DueAt = dueAt,
        Attempts = 3,
        LastError = "421 4.4.2 timeout",
        Size = 999,
    };
}
