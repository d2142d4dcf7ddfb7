using MailGrid.Mailboxes;

namespace MailGrid.Storage;

/// <summary>
/// Mailbox indexes. Appending costs the same whatever the mailbox size: one record per message,
/// never a rewrite of the index.
/// </summary>
public interface IMailboxStore
{
    /// <summary>
    /// Appends an entry and assigns it the next UID of that mailbox; durable when the task completes. An entry whose
    /// message id the mailbox holds already is not appended again: the result carries the UID it has (a repeated
    /// handoff of one message must not leave two copies).
    /// </summary>
    Task<MailboxEntry> AppendAsync(string mailbox, MailboxEntry entry, CancellationToken cancellationToken);

    /// <summary>Entries with UID greater than <paramref name="afterUid"/>, ascending, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<MailboxEntry>> ListAsync(string mailbox, long afterUid, int limit, CancellationToken cancellationToken);

    Task<MailboxEntry?> GetAsync(string mailbox, long uid, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string mailbox, long uid, CancellationToken cancellationToken);

    Task<long> CountAsync(string mailbox, CancellationToken cancellationToken);

    /// <summary>
    /// True while any mailbox holds an entry of <paramref name="messageId"/>, and therefore shares its body blob.
    /// Answered from an index kept with each append and delete, never by scanning mailboxes.
    /// </summary>
    Task<bool> ContainsMessageAsync(string messageId, CancellationToken cancellationToken);
}
