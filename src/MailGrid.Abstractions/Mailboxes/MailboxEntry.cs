namespace MailGrid.Mailboxes;

/// <summary>One message in a local mailbox's index. The body lives in the blob store under <see cref="BlobKey"/>.</summary>
[GenerateSerializer, Immutable, Alias("mailgrid.MailboxEntry")]
public sealed record MailboxEntry
{
    /// <summary>Mailbox-unique, strictly increasing id (IMAP UID semantics); 0 before the store assigns it.</summary>
    [Id(0)] public long Uid { get; init; }
    [Id(1)] public required string MessageId { get; init; }
    [Id(2)] public required string BlobKey { get; init; }
    [Id(3)] public required long Size { get; init; }
    [Id(4)] public required DateTimeOffset ReceivedAt { get; init; }
    [Id(5)] public string ReversePath { get; init; } = "";
}
