namespace MailGrid.Messages;

/// <summary>The durable record of one accepted message: its envelope and each recipient's fate.</summary>
[GenerateSerializer, Immutable, Alias("mailgrid.MessageRecord")]
public sealed record MessageRecord
{
    [Id(0)] public required MessageEnvelope Envelope { get; init; }
    [Id(1)] public required RecipientStatus[] Recipients { get; init; }

    /// <summary>Local mailbox entries that still point at the body blob.</summary>
    [Id(2)] public int MailboxCopies { get; init; }

    /// <summary>The body blob was deleted: every recipient is final and no mailbox holds a copy.</summary>
    [Id(3)] public bool BodyDeleted { get; init; }
}
