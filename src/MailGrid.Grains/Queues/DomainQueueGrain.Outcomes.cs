using MailGrid.Messages;
using MailGrid.Queues;
using MailGrid.Storage;

namespace MailGrid.Grains.Queues;

/// <summary>
/// Outcomes of a slot's batch. The worker reports each one as soon as the next hop has answered
/// (<see cref="RecordOutcomeAsync"/>) and it is applied at once, message record first, then the queue entry: a crash
/// in the middle of a batch sends again only the messages that had no answer yet. Outcomes are applied concurrently,
/// so the store's group commit (SQLite) or pipelining (Redis) turns them into a few round trips.
/// </summary>
public sealed partial class DomainQueueGrain : IDeliveryOutcomeRecorder
{
    /// <summary>Entries handed to a worker whose outcome nobody has taken up yet, with the batch that holds them.</summary>
    private readonly Dictionary<string, (long Batch, QueueEntry Entry)> _awaitingOutcome = new(StringComparer.Ordinal);

    /// <summary>Per batch in delivery, the outcomes its worker reported that are being applied.</summary>
    private readonly Dictionary<long, List<Task>> _reportsBeingApplied = [];

    /// <summary>Entries handed to a worker that failed before answering for them: it may have delivered them.</summary>
    private readonly HashSet<string> _unanswered = new(StringComparer.Ordinal);

    /// <summary>Entries that arrived before this moment may have been delivered by a previous activation (see <see cref="WithoutSettledRecipientsAsync"/>).</summary>
    private readonly DateTimeOffset _activatedAt = time.GetUtcNow();

    /// <summary>Batch numbers start at random, so a worker still reporting to a previous activation matches no batch of this one.</summary>
    private long _lastBatch = Random.Shared.NextInt64(long.MaxValue / 2);

    public async Task RecordOutcomeAsync(long batch, DeliveryOutcome outcome)
    {
        if (TryClaim(batch, outcome.MessageId, out var entry))
        {
            var applying = ApplyAndReleaseAsync(entry, outcome);
            if (_reportsBeingApplied.TryGetValue(batch, out var batchReports))
            {
                batchReports.Add(applying);
            }

            await applying;
            return;
        }

        // Not (or no longer) a batch's to apply: its reply got here first and was applied, or a previous activation
        // handed it out (restarted, or its silo died) and the entry is still due here. The message record learns of
        // the final outcomes (a repeat changes nothing there), so the entry's next attempt finds them settled instead
        // of sending the message again.
        var final = outcome.Recipients.Where(r => IsFinal(r.State)).ToArray();
        if (final.Length > 0)
        {
            await ReportAsync(outcome.MessageId, final);
        }
    }

    /// <summary>Takes the entry's outcome over from batch <paramref name="batch"/>; false when it is no longer (or never was) that batch's to apply.</summary>
    private bool TryClaim(long batch, string messageId, out QueueEntry entry)
    {
        if (_awaitingOutcome.TryGetValue(messageId, out var awaiting) && awaiting.Batch == batch)
        {
            _awaitingOutcome.Remove(messageId);
            entry = awaiting.Entry;
            return true;
        }

        entry = null!;
        return false;
    }

    /// <summary>Waits for the reported outcomes of <paramref name="batch"/> still being applied; their failures reached the worker.</summary>
    private async Task ReportsAppliedAsync(long batch)
    {
        if (!_reportsBeingApplied.Remove(batch, out var applying))
        {
            return;
        }

        foreach (var task in applying)
        {
            try
            {
                await task;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Logged by the worker that reported it; the entry was released and stays due.
            }
        }
    }

    private void Release(string messageId)
    {
        _inFlight.Remove(messageId);
        if (_readsInProgress > 0)
        {
            // A read that began before this outcome was applied may still return the entry as due.
            _finishedDuringRead.Add(messageId);
        }
    }

    private async Task ApplyAndReleaseAsync(QueueEntry entry, DeliveryOutcome outcome)
    {
        try
        {
            await ApplyAsync(entry, outcome);
        }
        finally
        {
            Release(entry.MessageId);
        }
    }

    private async Task ApplyAsync(QueueEntry entry, DeliveryOutcome outcome)
    {
        if (_removedDuringPass.Contains(entry.MessageId))
        {
            // An administrator bounced or deleted it while it was being delivered.
            await ForgetNoteAsync(entry.MessageId);
            return;
        }

        // The record first: once it holds the outcome, a crash before the entry is updated costs no second delivery.
        var plan = QueueEntryPlanner.Plan(entry, outcome.Recipients, options.CurrentValue, time, Random.Shared);
        await ReportAsync(entry.MessageId, plan.Report);
        if (_removedDuringPass.Contains(entry.MessageId))
        {
            // An administrator bounced or deleted it while the report above was on its way.
            await ForgetNoteAsync(entry.MessageId);
            return;
        }

        if (plan.Next is null)
        {
            await store.RemoveAsync(Domain, entry.MessageId, CancellationToken.None);
            await ForgetNoteAsync(entry.MessageId);
            var delivered = plan.Report.Count(o => o.State == RecipientState.Delivered);
            if (delivered == plan.Report.Length)
            {
                LogDelivered(logger, entry.MessageId, Domain, delivered);
            }
            else
            {
                LogFinished(logger, entry.MessageId, Domain, delivered, plan.Report.Length - delivered);
            }

            return;
        }

        await store.UpsertAsync(Domain, plan.Next, CancellationToken.None);
        await ForgetNoteAsync(entry.MessageId);
        LogDeferred(logger, entry.MessageId, Domain, plan.Next.Recipients.Length, plan.RetryDelay, plan.LastError);
    }

    /// <summary>The worker's journal note of a delivery goes once the record and the entry show it.</summary>
    private async Task ForgetNoteAsync(string messageId)
    {
        try
        {
            await journal.ForgetAsync(Domain, messageId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or StorageUnavailableException)
        {
            // The note outlives its use; the next start drops it when it finds the entry gone.
            LogForgetFailed(logger, messageId, ex);
        }
    }

    private async Task ReportAsync(string messageId, RecipientOutcome[] outcomes)
    {
        try
        {
            await GrainFactory.GetGrain<IMessageGrain>(messageId).ReportAsync(outcomes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The status record lags; the queue still moves on. Delivery is what must not be lost.
            LogReportFailed(logger, messageId, ex);
        }
    }

    /// <summary>
    /// A delivery may have happened without its queue entry showing it: the run that got the 250 crashed, or the
    /// worker's reports and reply were lost. The delivery journal (noted the moment the reply came) is asked about every
    /// entry, which costs a look-up in memory; entries that arrived before this activation, or that a failed worker
    /// left unanswered, are also checked against the message record, which outcomes reach first. Recipients either
    /// shows final are not sent again, and an entry with none left leaves the queue.
    /// </summary>
    private async Task<QueueEntry[]> WithoutSettledRecipientsAsync(QueueEntry[] taken)
    {
        var open = new List<QueueEntry>(taken.Length);
        List<Task<QueueEntry?>>? checks = null;
        foreach (var entry in taken)
        {
            var noted = await FindNotesAsync(entry.MessageId);
            var readRecord = _unanswered.Remove(entry.MessageId) || entry.ArrivedAt < _activatedAt;
            if (noted.Count == 0 && !readRecord)
            {
                open.Add(entry);
                continue;
            }

            (checks ??= []).Add(UnsettledPartAsync(entry, noted, readRecord));
        }

        if (checks is not null)
        {
            open.AddRange((await Task.WhenAll(checks)).OfType<QueueEntry>());
        }

        return [.. open];
    }

    /// <summary>The entry with only the recipients neither the journal nor the message record shows final; null when none is left.</summary>
    private async Task<QueueEntry?> UnsettledPartAsync(QueueEntry entry, IReadOnlyList<RecipientOutcome> noted, bool readRecord)
    {
        var final = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (noted.Count > 0)
        {
            // The record learns what the attempt that got the replies could not tell it.
            await ReportAsync(entry.MessageId, [.. noted]);
            final.UnionWith(noted.Select(o => o.Address));
        }

        if (readRecord)
        {
            try
            {
                var record = await GrainFactory.GetGrain<IMessageGrain>(entry.MessageId).GetRecordAsync();
                final.UnionWith(record?.Recipients.Where(r => IsFinal(r.State)).Select(r => r.Address) ?? []);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Cannot tell: sending again is the side that loses nothing.
                LogSettledCheckFailed(logger, entry.MessageId, ex);
            }
        }

        var open = entry.Recipients.Where(r => !final.Contains(r)).ToArray();
        if (open.Length == entry.Recipients.Length)
        {
            return entry;
        }

        if (open.Length == 0)
        {
            await store.RemoveAsync(Domain, entry.MessageId, CancellationToken.None);
            await ForgetNoteAsync(entry.MessageId);
            LogAlreadySettled(logger, entry.MessageId, Domain);
            return null;
        }

        // The stored entry keeps every recipient until this attempt's outcome replaces it, and the note with it.
        return entry with { Recipients = open, DsnRecipients = entry.DsnRecipients?.Where(r => open.Contains(r.Address, StringComparer.OrdinalIgnoreCase)).ToArray() };
    }

    private async Task<IReadOnlyList<RecipientOutcome>> FindNotesAsync(string messageId)
    {
        try
        {
            return await journal.FindAsync(Domain, messageId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or StorageUnavailableException)
        {
            // Without the journal the record is what is left to go by.
            LogSettledCheckFailed(logger, messageId, ex);
            return [];
        }
    }

    private static bool IsFinal(RecipientState state) => state is RecipientState.Delivered or RecipientState.Failed;
}
