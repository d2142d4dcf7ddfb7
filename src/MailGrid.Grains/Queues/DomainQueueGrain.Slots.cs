using MailGrid.Queues;

namespace MailGrid.Grains.Queues;

/// <summary>
/// One connection slot's loop within a pass. Entries a slot has taken are in flight until their outcomes are
/// applied, so no other slot takes them; the worker reports each outcome as it comes (see DomainQueueGrain.Outcomes.cs).
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
    private async Task<bool> DeliverAsync(int slot, QueueEntry[] taken)
    {
        var batch = ++_lastBatch;
        var handedOut = new HashSet<string>(StringComparer.Ordinal);
        DeliveryOutcome[] outcomes;
        try
        {
            var entries = await WithoutSettledRecipientsAsync(taken);
            if (entries.Length < taken.Length)
            {
                _rate.Return(limitsOptions.CurrentValue.For(Domain), taken.Length - entries.Length);
            }

            if (entries.Length == 0)
            {
                return true;
            }

            _reportsBeingApplied[batch] = [];
            foreach (var entry in entries)
            {
                _awaitingOutcome[entry.MessageId] = (batch, entry);
                handedOut.Add(entry.MessageId);
            }

            try
            {
                outcomes = await GrainFactory.GetGrain<IDeliveryWorkerGrain>($"{Domain}/{slot}").DeliverAsync(Domain, batch, entries);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The worker's silo died or the call timed out: what it did not report stays due and is tried again,
                // after a pause rather than in a loop of calls into a silo not yet declared dead; the recovery scan wakes
                // the queue as soon as membership declares it. Not a destination failure: nothing counts toward suspension.
                LogWorkerFailed(logger, Domain, ex);
                _passTrouble = true;
                return false;
            }

            // Most outcomes were recorded as they came; these are the ones whose report did not get through.
            await Task.WhenAll(outcomes.Select(o => TryClaim(batch, o.MessageId, out var entry) ? ApplyAndReleaseAsync(entry, o) : Task.CompletedTask));
        }
        finally
        {
            _busySlots--;
            foreach (var entry in taken)
            {
                // Settled before delivery, or handed out and never answered: free again. Claimed ones are freed by
                // whoever applies their outcome.
                var unanswered = handedOut.Contains(entry.MessageId) && TryClaim(batch, entry.MessageId, out _);
                if (unanswered || !handedOut.Contains(entry.MessageId))
                {
                    Release(entry.MessageId);
                }

                if (unanswered)
                {
                    // The worker failed, but may have delivered it: its record is checked before it goes out again.
                    _unanswered.Add(entry.MessageId);
                }
            }

            // Nothing of the batch can be claimed any more. It ends when the outcomes its worker reported are applied,
            // as those from its reply are: a pass must not end (and come due again at once) with entries in flight.
            await ReportsAppliedAsync(batch);
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
}
