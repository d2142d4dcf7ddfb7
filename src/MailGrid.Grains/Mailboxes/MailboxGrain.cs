using MailGrid.Mailboxes;
using MailGrid.Storage;

namespace MailGrid.Grains.Mailboxes;

/// <summary>
/// One local mailbox. The index lives in the mailbox store, one record per message, so an append costs
/// the same in an empty mailbox and in one with millions of messages.
/// </summary>
public sealed class MailboxGrain(IMailboxStore store) : Grain, IMailboxGrain
{
    private string Mailbox => this.GetPrimaryKeyString();

    public Task<MailboxEntry> AppendAsync(MailboxEntry entry) => store.AppendAsync(Mailbox, entry, CancellationToken.None);

    public async Task<MailboxEntry[]> ListAsync(long afterUid, int limit)
        => [.. await store.ListAsync(Mailbox, afterUid, Math.Clamp(limit, 1, 10_000), CancellationToken.None)];

    public Task<MailboxEntry?> GetAsync(long uid) => store.GetAsync(Mailbox, uid, CancellationToken.None);

    public Task<bool> DeleteAsync(long uid) => store.DeleteAsync(Mailbox, uid, CancellationToken.None);

    public Task<long> CountAsync() => store.CountAsync(Mailbox, CancellationToken.None);
}
