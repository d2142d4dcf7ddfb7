using MailGrid.Messages;

namespace MailGrid.Grains.Messages;

/// <summary>
/// Retention: the storage sweep expires final records through their grain, so expiry is serialised with any late
/// outcome or mailbox release, and the body goes by the same rule and the same code as when the last recipient
/// becomes final.
/// </summary>
public sealed partial class MessageGrain
{
    public async Task<bool> ExpireAsync(DateTimeOffset finalBefore)
    {
        if (await GetRecordAsync() is not { } record)
        {
            return false;
        }

        if (MessageFinality.FinalAt(record) is not { } finalAt)
        {
            // Listed as final but not: saving again puts the store's index of final records right.
            await store.SaveAsync(record, CancellationToken.None);
            return false;
        }

        if (finalAt >= finalBefore)
        {
            return false;
        }

        if (IsBodyCollectable(record))
        {
            await SaveAndCollectBodyAsync();
            if (!_record!.BodyDeleted)
            {
                // The body could not be deleted now; without the record nothing would know to, so both stay until the next pass.
                return false;
            }
        }

        // A body a mailbox still holds stays with the mailbox entries that refer to it: the sweep removes it once the
        // last of them is gone, as it removes any body that neither a record nor a mailbox entry refers to.
        await store.DeleteAsync(record.Envelope.MessageId, CancellationToken.None);
        _record = null;
        LogExpired(logger, record.Envelope.MessageId, finalAt, record.MailboxCopies);
        this.DeactivateOnIdle();
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Expired the record of {MessageId} (final since {FinalAt:o}); {MailboxCopies} mailbox copies keep the body")]
    private static partial void LogExpired(ILogger logger, string messageId, DateTimeOffset finalAt, int mailboxCopies);
}
