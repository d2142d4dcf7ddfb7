using MailGrid.Delivery;
using MailGrid.Delivery.Telemetry;
using MailGrid.Messages;
using MailGrid.Queues;
using MailGrid.Storage;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Queues;

/// <summary>
/// One destination domain's outbound queue and its delivery loop. The queue lives in the queue store
/// (one record per message, indexed by due time); the grain only decides when to look at it.
/// The loop runs on an interleaving timer so enqueues are taken while deliveries are in flight.
/// </summary>
public sealed partial class DomainQueueGrain(
    IQueueStore store,
    IDeliveryAgent agent,
    DeliveryTelemetry telemetry,
    IOptionsMonitor<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DomainQueueGrain> logger) : Grain, IDomainQueueGrain
{
    private static readonly TimeSpan StorageRetryDelay = TimeSpan.FromSeconds(5);
    private IGrainTimer? _timer;
    private bool _delivering;
    private bool _passRequested;
    private long _wakeUps;

    private string Domain => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Schedule(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task EnqueueAsync(QueueEntry entry)
    {
        await store.UpsertAsync(Domain, entry, CancellationToken.None);
        RequestPass();
    }

    public Task WakeAsync()
    {
        RequestPass();
        return Task.CompletedTask;
    }

    public async Task<DomainQueueSummary> GetSummaryAsync() => new()
    {
        Domain = Domain,
        Depth = await store.CountAsync(Domain, CancellationToken.None),
        NextDueAt = await store.GetNextDueAsync(Domain, CancellationToken.None),
        Delivering = _delivering,
    };

    public async Task<QueueEntry[]> ListAsync(int limit) => [.. await store.ListAsync(Domain, Math.Clamp(limit, 1, 10_000), CancellationToken.None)];

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
        var retryAfterTrouble = false;
        try
        {
            var settings = options.CurrentValue;
            while (!cancellationToken.IsCancellationRequested)
            {
                _passRequested = false;
                var due = await store.GetDueAsync(Domain, time.GetUtcNow(), settings.BatchSize, cancellationToken);
                if (due.Count == 0 && !_passRequested)
                {
                    break;
                }

                using var slots = new SemaphoreSlim(settings.MaxParallelDeliveriesPerDomain);
                await Task.WhenAll(due.Select(async entry =>
                {
                    await slots.WaitAsync(cancellationToken);
                    try
                    {
                        await DeliverAsync(entry, settings, cancellationToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPassFailed(logger, Domain, ex);
            retryAfterTrouble = true;
        }
        finally
        {
            _delivering = false;
        }

        await ScheduleNextAsync(retryAfterTrouble);
    }

    private async Task ScheduleNextAsync(bool retryAfterTrouble)
    {
        if (retryAfterTrouble)
        {
            Schedule(StorageRetryDelay);
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
            Schedule(StorageRetryDelay);
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
            _timer?.Dispose();
            _timer = null;
            return;
        }

        Schedule(next.Value - time.GetUtcNow());
    }

    private async Task DeliverAsync(QueueEntry entry, DeliveryOptions settings, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var activity = telemetry.StartAttempt(Domain, entry.MessageId, entry.Recipients.Length, entry.TraceParent);
        var attempt = await agent.DeliverAsync(Domain, new DeliveryRequest(entry.MessageId, entry.BlobKey, entry.ReversePath, entry.Recipients), cancellationToken);
        telemetry.AttemptFinished(time.GetElapsedTime(started));
        activity?.SetTag("mailgrid.next_hop", attempt.Hop?.ToString());
        var now = time.GetUtcNow();
        var expired = now - entry.ArrivedAt >= settings.MaxLifetime;
        var outcomes = attempt.Results.Select(r => new RecipientOutcome
        {
            Address = r.Address,
            State = r.State == RecipientState.Deferred && expired ? RecipientState.Failed : r.State,
            Detail = r.State == RecipientState.Deferred && expired ? $"554 4.4.7 Message expired after {settings.MaxLifetime}; last error: {r.Detail}" : r.Detail,
            RemoteHost = attempt.Hop?.ToString(),
            At = now,
        }).ToArray();

        foreach (var outcome in outcomes)
        {
            telemetry.RecipientOutcome(outcome.State, entry.ArrivedAt, now);
        }

        try
        {
            await GrainFactory.GetGrain<IMessageGrain>(entry.MessageId).ReportAsync(outcomes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The status record lags; the queue still moves on. Delivery is what must not be lost.
            LogReportFailed(logger, entry.MessageId, ex);
        }

        var remaining = outcomes.Where(o => o.State == RecipientState.Deferred).Select(o => o.Address).ToArray();
        if (remaining.Length == 0)
        {
            await store.RemoveAsync(Domain, entry.MessageId, CancellationToken.None);
            var delivered = outcomes.Count(o => o.State == RecipientState.Delivered);
            LogFinished(logger, entry.MessageId, Domain, delivered, outcomes.Length - delivered);
            return;
        }

        var attempts = entry.Attempts + 1;
        var delay = RetrySchedule.DelayAfter(attempts, settings, Random.Shared);
        var lastError = outcomes.First(o => o.State == RecipientState.Deferred).Detail;
        await store.UpsertAsync(Domain, entry with { Recipients = remaining, Attempts = attempts, DueAt = now + delay, LastError = lastError }, CancellationToken.None);
        LogDeferred(logger, entry.MessageId, Domain, remaining.Length, delay, lastError);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{MessageId} to {Domain}: {Delivered} delivered, {Failed} failed")]
    private static partial void LogFinished(ILogger logger, string messageId, string domain, int delivered, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "{MessageId} to {Domain}: {Count} recipient(s) deferred for {Delay}: {Reason}")]
    private static partial void LogDeferred(ILogger logger, string messageId, string domain, int count, TimeSpan delay, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery pass for {Domain} failed; retrying shortly")]
    private static partial void LogPassFailed(ILogger logger, string domain, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record delivery outcomes of {MessageId}")]
    private static partial void LogReportFailed(ILogger logger, string messageId, Exception exception);
}
