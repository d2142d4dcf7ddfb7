using MailGrid.Messages;
using MailGrid.Queues;
using MailGrid.Storage;

namespace MailGrid.Grains.Queues;

/// <summary>The delivery pass: take what is due and allowed, fan it out over connection slots, apply outcomes.</summary>
public sealed partial class DomainQueueGrain
{
    private void RequestPass()
    {
        _wakeUps++;
        if (_delivering)
        {
            // The running pass looks again before it stops.
            _passRequested = true;
            return;
        }

        Schedule(TimeSpan.Zero);
    }

    private void Schedule(TimeSpan dueIn)
    {
        if (dueIn < TimeSpan.Zero)
        {
            dueIn = TimeSpan.Zero;
        }

        if (_timer is null)
        {
            // KeepAlive: a queue with mail must not be deactivated for idleness, or nothing would wake it.
            _timer = this.RegisterGrainTimer(RunPassAsync, new GrainTimerCreationOptions(dueIn, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }
        else
        {
            _timer.Change(dueIn, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task RunPassAsync(CancellationToken cancellationToken)
    {
        if (_delivering)
        {
            return;
        }

        _delivering = true;
        var trouble = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested && await RunRoundAsync(cancellationToken))
            {
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPassFailed(logger, Domain, ex);
            trouble = true;
        }
        finally
        {
            _delivering = false;
            _removedDuringPass.Clear();
        }

        await ScheduleNextAsync(trouble);
    }

    /// <summary>One round: up to one batch per connection slot. Returns whether another round should follow at once.</summary>
    private async Task<bool> RunRoundAsync(CancellationToken cancellationToken)
    {
        _passRequested = false;
        var now = time.GetUtcNow();
        if (state.State.Paused || _suspendedUntil > now)
        {
            return false;
        }

        var limits = limitsOptions.CurrentValue.For(Domain);
        // After a suspension, probe with a single message before opening every slot again.
        var wanted = _suspensions > 0 ? 1 : limits.MaxConnections * limits.MaxMessagesPerConnection;
        var allowed = _rate.Take(limits, wanted);
        if (allowed == 0)
        {
            _rateLimitedUntil = _rate.NextAvailable(limits);
            return false;
        }

        _rateLimitedUntil = null;
        var dueBy = _retryAllRequested ? DateTimeOffset.MaxValue : now;
        var due = await store.GetDueAsync(Domain, dueBy, allowed, cancellationToken);
        if (due.Count < allowed)
        {
            _retryAllRequested = false;
        }

        _rate.Return(limits, allowed - due.Count);
        if (due.Count == 0)
        {
            return _passRequested;
        }

        // Round-robin over as many slots as there is mail for: ten messages use ten connections (up to the limit), not one.
        var slots = Math.Min(limits.MaxConnections, due.Count);
        var batches = Enumerable.Range(0, slots).Select(slot => due.Where((_, i) => i % slots == slot).ToArray()).ToArray();
        var calls = batches.Select((batch, slot) => GrainFactory.GetGrain<IDeliveryWorkerGrain>($"{Domain}/{slot}").DeliverAsync(Domain, batch)).ToArray();
        try
        {
            await Task.WhenAll(calls);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A worker's silo died or the call timed out: its entries stay due and are tried again.
            LogWorkerFailed(logger, Domain, ex);
        }

        var outcomes = calls.Where(c => c.IsCompletedSuccessfully).SelectMany(c => c.Result).ToArray();
        var entries = due.ToDictionary(e => e.MessageId, StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            if (!_removedDuringPass.Contains(outcome.MessageId))
            {
                await ApplyAsync(entries[outcome.MessageId], outcome);
            }
        }

        if (outcomes.Length > 0 && outcomes.All(o => o.ConnectionFailed))
        {
            return !NoteUnreachable();
        }

        _unreachableRounds = 0;
        _suspensions = 0;
        return outcomes.Length > 0 || _passRequested;
    }

    /// <summary>Counts an unreachable round; returns true when the destination is now suspended.</summary>
    private bool NoteUnreachable()
    {
        var settings = limitsOptions.CurrentValue;
        if (++_unreachableRounds < settings.SuspendAfterConnectionFailures && _suspensions == 0)
        {
            return false;
        }

        var exponent = Math.Min(_suspensions, 20);
        var length = TimeSpan.FromTicks(Math.Min(settings.FirstSuspension.Ticks * (1L << exponent), settings.MaxSuspension.Ticks));
        _suspensions++;
        _unreachableRounds = 0;
        _suspendedUntil = time.GetUtcNow() + length;
        LogSuspended(logger, Domain, length);
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
            LogFinished(logger, entry.MessageId, Domain, delivered, plan.Report.Length - delivered);
            return;
        }

        await store.UpsertAsync(Domain, plan.Next, CancellationToken.None);
        LogDeferred(logger, entry.MessageId, Domain, plan.Next.Recipients.Length, plan.RetryDelay, plan.LastError);
    }

    private async Task ScheduleNextAsync(bool trouble)
    {
        if (trouble)
        {
            Schedule(TroubleRetryDelay);
            return;
        }

        if (state.State.Paused)
        {
            DropTimer();
            return;
        }

        DateTimeOffset? next;
        var wakeUpsBefore = _wakeUps;
        try
        {
            next = await store.GetNextDueAsync(Domain, CancellationToken.None);
        }
        catch (StorageUnavailableException ex)
        {
            LogPassFailed(logger, Domain, ex);
            Schedule(TroubleRetryDelay);
            return;
        }

        if (_wakeUps != wakeUpsBefore)
        {
            // An enqueue interleaved with the read above; its entry may be missing from what was read.
            Schedule(TimeSpan.Zero);
            return;
        }

        if (next is null)
        {
            // Empty: drop the timer so the activation may be collected; the next enqueue or recovery scan wakes it.
            DropTimer();
            return;
        }

        var at = Latest(next.Value, _suspendedUntil, _rateLimitedUntil);
        Schedule(at - time.GetUtcNow());
    }

    private void DropTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private static DateTimeOffset Latest(DateTimeOffset value, DateTimeOffset? a, DateTimeOffset? b)
    {
        if (a > value)
        {
            value = a.Value;
        }

        return b > value ? b.Value : value;
    }
}
