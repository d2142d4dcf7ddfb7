using MailGrid.Messages;
using MailGrid.Storage;

namespace MailGrid.Grains.Sweep;

/// <summary>The blob step: one page of the store's listing, each body checked against its record and the mailboxes.</summary>
public sealed partial class StorageSweeper
{
    // Where the next pass's page starts; null: from the beginning. Kept per silo (a restart starts over).
    private string? _blobCursor;

    private async Task<(int Checked, int Removed, bool Completed, bool Failed)> RemoveOrphanedBlobsAsync(
        DateTimeOffset writtenBefore, int limit, CancellationToken cancellationToken)
    {
        BlobPage page;
        try
        {
            page = await blobs.ListAsync(_blobCursor, limit, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStepFailed(logger, "orphaned blobs", ex);
            return (0, 0, false, true);
        }

        var removed = 0;
        var failed = 0;
        await Parallel.ForEachAsync(page.Blobs, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (blob, token) =>
        {
            try
            {
                if (await IsOrphanedAsync(blob, writtenBefore, token) && await blobs.DeleteAsync(blob.Key, token))
                {
                    Interlocked.Increment(ref removed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (Interlocked.Increment(ref failed) == 1)
                {
                    LogBlobFailed(logger, blob.Key, ex);
                }
            }
        });

        // A page with failures is read again, so no blob is passed over for a whole cycle because storage blinked.
        if (failed == 0)
        {
            _blobCursor = page.NextCursor;
        }

        return (page.Blobs.Count, removed, failed == 0 && page.NextCursor is null, failed > 0);
    }

    /// <summary>
    /// True when nothing can need the blob: it is a body (its key names a message id), old enough that no handoff can
    /// still be writing its record, its record is gone or says the body was deleted, and no mailbox entry refers to it.
    /// </summary>
    private async Task<bool> IsOrphanedAsync(StoredBlob blob, DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        if (!MessageIds.TryParseBlobKey(blob.Key, out var messageId, out var createdAt))
        {
            // Not a body MailGrid wrote: not the sweep's to judge.
            return false;
        }

        // The later of the id's time (before the upload began) and the store's write time, where it keeps one.
        var writtenAt = blob.LastModified is { } modified && modified > createdAt ? modified : createdAt;
        if (writtenAt >= writtenBefore)
        {
            return false;
        }

        if (await messages.GetAsync(messageId, cancellationToken) is { BodyDeleted: false })
        {
            return false;
        }

        return !await mailboxes.ContainsMessageAsync(messageId, cancellationToken);
    }
}
