namespace MailGrid.Mailboxes;

/// <summary>One grain per local mailbox (key: canonical lower-case address). Owns the mailbox index.</summary>
public interface IMailboxGrain : IGrainWithStringKey
{
    /// <summary>Durably appends a message; returns the entry with its assigned UID. A message the mailbox holds already is not appended twice: its UID comes back.</summary>
    Task<MailboxEntry> AppendAsync(MailboxEntry entry);

    /// <summary>Entries with UID greater than <paramref name="afterUid"/>, in UID order, at most <paramref name="limit"/>.</summary>
    Task<MailboxEntry[]> ListAsync(long afterUid, int limit);

    Task<MailboxEntry?> GetAsync(long uid);

    /// <summary>Removes an entry; false when there was none.</summary>
    Task<bool> DeleteAsync(long uid);

    Task<long> CountAsync();
}
