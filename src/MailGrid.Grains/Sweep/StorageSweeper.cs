using MailGrid.Messages;
using MailGrid.Storage;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Sweep;

/// <summary>
/// One pass of the storage sweep, bounded by <see cref="StorageSweepOptions.MaxItemsPerPass"/> in each of its three
/// steps: temp files a crash left, final records past retention (expired through their message grain, which deletes
/// the body by the grain's own rule), and body blobs nothing refers to any more (listed page by page, resuming where
/// the last pass stopped).
/// <para>
/// The rule for bodies: a body blob is removed only when it is older than the grace period, no message record refers
/// to it (or its record says the body was deleted), and no mailbox entry refers to it. Expiring a record therefore
/// never touches a body a mailbox holds; that body goes once the last mailbox entry has.
/// </para>
/// Every silo may run passes at the same time: a step deletes only what it has just seen to be unreferenced, deletes
/// are idempotent, and record expiry is serialised by the message grain.
/// </summary>
public sealed partial class StorageSweeper(
    IBlobStore blobs,
    IMessageStore messages,
    IMailboxStore mailboxes,
    IGrainFactory grains,
    IOptionsMonitor<StorageSweepOptions> options,
    SweepTelemetry telemetry,
    TimeProvider time,
    ILogger<StorageSweeper> logger) : IDisposable
{
    // Store reads, deletes and grain calls of a step run this many at a time, so their writes share group commits
    // (a pass over 10,000 embedded blobs, half of them orphaned, took 2-3 s at 32 and 4-7 s at 8).
    private const int Parallelism = 32;
    private readonly SemaphoreSlim _onePass = new(1, 1);

    /// <summary>Runs one pass; one already running on this silo is waited for, never overlapped.</summary>
    public async Task<SweepPassResult> SweepAsync(CancellationToken cancellationToken)
    {
        await _onePass.WaitAsync(cancellationToken);
        try
        {
            var started = time.GetTimestamp();
            var settings = options.CurrentValue;
            var now = time.GetUtcNow();
            var (uploads, uploadsFailed) = await RemoveAbandonedUploadsAsync(now - settings.OrphanGracePeriod, settings.MaxItemsPerPass, cancellationToken);
            var (records, recordsFailed) = await ExpireRecordsAsync(now - settings.RecordRetention, settings.MaxItemsPerPass, cancellationToken);
            var blobPass = await RemoveOrphanedBlobsAsync(now - settings.OrphanGracePeriod, settings.MaxItemsPerPass, cancellationToken);

            var result = new SweepPassResult(uploads, records, blobPass.Checked, blobPass.Removed, blobPass.Completed, uploadsFailed || recordsFailed || blobPass.Failed);
            var duration = time.GetElapsedTime(started);
            telemetry.PassFinished(result, duration);
            if (uploads + records + blobPass.Removed > 0)
            {
                LogRemoved(logger, blobPass.Removed, uploads, records, blobPass.Checked, duration.TotalMilliseconds);
            }
            else
            {
                LogNothingRemoved(logger, blobPass.Checked, duration.TotalMilliseconds);
            }

            return result;
        }
        finally
        {
            _onePass.Release();
        }
    }

    public void Dispose() => _onePass.Dispose();

    private async Task<(int Removed, bool Failed)> RemoveAbandonedUploadsAsync(DateTimeOffset lastWrittenBefore, int limit, CancellationToken cancellationToken)
    {
        try
        {
            return (await blobs.RemoveAbandonedUploadsAsync(lastWrittenBefore, limit, cancellationToken), false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStepFailed(logger, "abandoned uploads", ex);
            return (0, true);
        }
    }

    private async Task<(int Expired, bool Failed)> ExpireRecordsAsync(DateTimeOffset finalBefore, int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<FinalMessage> final;
        try
        {
            // The oldest final records; expired ones leave the index, so the next pass reads its head again.
            final = await messages.ListFinalAsync(finalBefore, limit, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStepFailed(logger, "record expiry", ex);
            return (0, true);
        }

        var expired = 0;
        var failed = 0;
        await Parallel.ForEachAsync(final, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (message, _) =>
        {
            try
            {
                if (await grains.GetGrain<IMessageGrain>(message.MessageId).ExpireAsync(finalBefore))
                {
                    Interlocked.Increment(ref expired);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One record that cannot go now does not hold up the others; it is still first in line next pass.
                if (Interlocked.Increment(ref failed) == 1)
                {
                    LogExpiryFailed(logger, message.MessageId, ex);
                }
            }
        });

        return (expired, failed > 0);
    }
}
