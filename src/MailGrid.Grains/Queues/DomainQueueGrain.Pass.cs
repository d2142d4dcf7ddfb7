using MailGrid.Messages;
using MailGrid.Queues;
using MailGrid.Storage;

namespace MailGrid.Grains.Queues;

/// <summary>The delivery pass: connection slots that each take what is due and allowed, deliver it and apply its outcomes.</summary>
public sealed partial class DomainQueueGrain
{
    private void RequestPass()
    {
        _wakeUps++;
        if (_delivering)
        {
            // Slots still running look again before they stop (they watch _wakeUps); idle ones start now.
            StartSlots();
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

    /// <summary>A pass lasts while any connection slot has work; slots start and stop on their own inside it.</summary>
    private async Task RunPassAsync(CancellationToken cancellationToken)
    {
        if (_delivering)
        {
            return;
        }

        _delivering = true;
        _passTrouble = false;
        _passCancellation = cancellationToken;
        try
        {
            StartSlots();
            while (_slots.Count > 0)
            {
                await Task.WhenAny(_slots.Values);
                foreach (var slot in _slots.Where(s => s.Value.IsCompleted).Select(s => s.Key).ToArray())
                {
                    _slots.Remove(slot);
                }
            }
        }
        finally
        {
            _delivering = false;
            _removedDuringPass.Clear();
            _finishedDuringRead.Clear();
        }

        await ScheduleNextAsync(_passTrouble);
    }

    /// <summary>Starts a loop for every slot the destination may use now that has none running.</summary>
    private void StartSlots()
    {
        var target = SlotTarget();
        for (var slot = 0; slot < target; slot++)
        {
            if (!_slots.ContainsKey(slot))
            {
                // Reserved first: the loop runs synchronously up to its first real await and may start slots itself.
                _slots[slot] = Task.CompletedTask;
                _slots[slot] = RunSlotAsync(slot);
            }
        }
    }

    /// <summary>How many slots may run: none while paused or suspended, one to probe after a suspension, else the limit.</summary>
    private int SlotTarget()
    {
        if (_passCancellation.IsCancellationRequested || state.State.Paused || _suspendedUntil > time.GetUtcNow())
        {
            return 0;
        }

        return _suspensions > 0 ? 1 : limitsOptions.CurrentValue.For(Domain).MaxConnections;
    }

    /// <summary>Counts an unreachable batch; returns true when the destination is now suspended.</summary>
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
