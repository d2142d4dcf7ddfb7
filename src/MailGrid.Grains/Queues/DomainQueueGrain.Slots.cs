using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.Grains.Queues;

/// <summary>
/// One connection slot's loop within a pass. Entries a slot has taken are in flight until their outcomes are
/// applied, so no other slot takes them; outcomes are applied concurrently, so the store's group commit (SQLite)
/// or pipelining (Redis) turns a batch's writes into a few round trips.
/// </summary>
public sealed partial class DomainQueueGrain
{
    private async Task RunSlotAsync(int slot)
    {
        try
        {
            while (slot < SlotTarget())
            {
                var batch = await TakeAsync();
                if (batch.Length == 0 || !await DeliverAsync(slot, batch))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPassFailed(logger, Domain, ex);
            _passTrouble = true;
        }
    }

    /// <summary>Takes this slot's share of the due entries no other slot holds; empty when there are none or the rate forbids.</summary>
    private async Task<QueueEntry[]> TakeAsync()
    {
        var wakeUps = _wakeUps;
        while (true)
        {
            var limits = limitsOptions.CurrentValue.For(Domain);
            // After a suspension, probe with a single message before opening every slot again.
            var allowed = _rate.Take(limits, _suspensions > 0 ? 1 : limits.MaxMessagesPerConnection);
            if (allowed == 0)
            {
                _rateLimitedUntil = _rate.NextAvailable(limits);
                return [];
            }

            _rateLimitedUntil = null;
            var batch = await ReadDueAsync(allowed, limits);
            _rate.Return(limits, allowed - batch.Length);
            if (batch.Length > 0 || _wakeUps == wakeUps)
            {
                return batch;
            }

            // An enqueue or wake-up interleaved with the read: its entry may be missing from what was read.
            wakeUps = _wakeUps;
        }
    }

    private async Task<QueueEntry[]> ReadDueAsync(int allowed, DestinationLimits limits)
    {
        // Entries in flight are still due in the store until their outcome is applied: read past them, and far
        // enough to see what every idle slot could take, so it can be shared out.
        var idleSlots = Math.Max(1, SlotTarget() - _busySlots);
        var limit = (idleSlots * limits.MaxMessagesPerConnection) + _inFlight.Count;
        var dueBy = _retryAllRequested ? DateTimeOffset.MaxValue : time.GetUtcNow();
        IReadOnlyList<QueueEntry> due;
        _readsInProgress++;
        try
        {
            due = await store.GetDueAsync(Domain, dueBy, limit, _passCancellation);
        }
        finally
        {
            _readsInProgress--;
        }

        if (due.Count < limit)
        {
            _retryAllRequested = false;
        }

        var free = due.Where(e => !_inFlight.Contains(e.MessageId) && !_finishedDuringRead.Contains(e.MessageId) && !_removedDuringPass.Contains(e.MessageId)).ToList();
        if (_readsInProgress == 0)
        {
            _finishedDuringRead.Clear();
        }

        // Round-robin spirit: ten due messages use ten connections (up to the limit), not one. Other slots may have
        // become busy during the read, so the share is taken over the slots idle now.
        idleSlots = Math.Max(1, SlotTarget() - _busySlots);
        var share = Math.Min(allowed, (free.Count + idleSlots - 1) / idleSlots);
        var batch = free.Take(share).ToArray();
        foreach (var entry in batch)
        {
            _inFlight.Add(entry.MessageId);
        }

        if (batch.Length > 0)
        {
            _busySlots++;
            if (free.Count > share)
            {
                // What is left is for the other slots.
                StartSlots();
            }
        }

        return batch;
    }

    /// <summary>Delivers a batch over the slot's worker and applies its outcomes; returns whether the slot should go on.</summary>
    private async Task<bool> DeliverAsync(int slot, QueueEntry[] batch)
    {
        DeliveryOutcome[] outcomes;
        try
        {
            try
            {
                outcomes = await GrainFactory.GetGrain<IDeliveryWorkerGrain>($"{Domain}/{slot}").DeliverAsync(Domain, batch);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The worker's silo died or the call timed out: its entries stay due and are tried again, after a
                // pause rather than in a loop of calls into a silo not yet declared dead; the recovery scan wakes the
                // queue as soon as membership declares it. Not a destination failure: nothing counts toward suspension.
                LogWorkerFailed(logger, Domain, ex);
                _passTrouble = true;
                return false;
            }

            var entries = batch.ToDictionary(e => e.MessageId, StringComparer.Ordinal);
            await Task.WhenAll(outcomes
                .Where(o => !_removedDuringPass.Contains(o.MessageId) && entries.ContainsKey(o.MessageId))
                .Select(o => ApplyAsync(entries[o.MessageId], o)));
        }
        finally
        {
            _busySlots--;
            foreach (var entry in batch)
            {
                _inFlight.Remove(entry.MessageId);
                if (_readsInProgress > 0)
                {
                    // A read that began before this outcome was applied may still return the entry as due.
                    _finishedDuringRead.Add(entry.MessageId);
                }
            }
        }

        if (outcomes.Length > 0 && outcomes.All(o => o.ConnectionFailed))
        {
            return !NoteUnreachable();
        }

        _unreachableRounds = 0;
        if (_suspensions > 0)
        {
            // The probe got through: open every slot again.
            _suspensions = 0;
            StartSlots();
        }

        return true;
    }

    private async Task ApplyAsync(QueueEntry entry, DeliveryOutcome outcome)
    {
        var plan = QueueEntryPlanner.Plan(entry, outcome.Recipients, options.CurrentValue, time, Random.Shared);
        try
        {
            await GrainFactory.GetGrain<IMessageGrain>(entry.MessageId).ReportAsync(plan.Report);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The status record lags; the queue still moves on. Delivery is what must not be lost.
            LogReportFailed(logger, entry.MessageId, ex);
        }

        if (_removedDuringPass.Contains(entry.MessageId))
        {
            // An administrator bounced or deleted it while the report above was on its way.
            return;
        }

        if (plan.Next is null)
        {
            await store.RemoveAsync(Domain, entry.MessageId, CancellationToken.None);
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
        LogDeferred(logger, entry.MessageId, Domain, plan.Next.Recipients.Length, plan.RetryDelay, plan.LastError);
    }
}
