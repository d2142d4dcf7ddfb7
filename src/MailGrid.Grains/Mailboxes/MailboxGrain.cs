using MailGrid.Mailboxes;
using MailGrid.Messages;
using MailGrid.Storage;

namespace MailGrid.Grains.Mailboxes;

/// <summary>
/// One local mailbox. The index lives in the mailbox store, one record per message, so an append costs
/// the same in an empty mailbox and in one with millions of messages.
/// </summary>
public sealed partial class MailboxGrain(IMailboxStore store, ILogger<MailboxGrain> logger) : Grain, IMailboxGrain
{
    private string Mailbox => this.GetPrimaryKeyString();

    public Task<MailboxEntry> AppendAsync(MailboxEntry entry) => store.AppendAsync(Mailbox, entry, CancellationToken.None);

    public async Task<MailboxEntry[]> ListAsync(long afterUid, int limit)
        => [.. await store.ListAsync(Mailbox, afterUid, Math.Clamp(limit, 1, 10_000), CancellationToken.None)];

    public Task<MailboxEntry?> GetAsync(long uid) => store.GetAsync(Mailbox, uid, CancellationToken.None);

    public async Task<bool> DeleteAsync(long uid)
    {
        var entry = await store.GetAsync(Mailbox, uid, CancellationToken.None);
        if (entry is null || !await store.DeleteAsync(Mailbox, uid, CancellationToken.None))
        {
            return false;
        }

        // The body is shared with the message's other recipients; the message grain deletes it when nobody needs it.
        try
        {
            await GrainFactory.GetGrain<IMessageGrain>(entry.MessageId).ReleaseMailboxCopyAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The entry is gone either way; at worst its body outlives it.
            LogReleaseFailed(logger, entry.MessageId, ex);
        }

        return true;
    }

    public Task<long> CountAsync() => store.CountAsync(Mailbox, CancellationToken.None);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the mailbox copy of {MessageId}")]
    private static partial void LogReleaseFailed(ILogger logger, string messageId, Exception exception);
}
