using MailGrid.Delivery;
using MailGrid.Delivery.Telemetry;
using MailGrid.Messages;
using MailGrid.Queues;
using MailGrid.Storage;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Queues;

/// <summary>
/// Runs the SMTP sessions of one connection slot. The connection is kept between batches (up to the destination's
/// messages-per-connection limit) and closed after a short idle time, like Postfix's connection cache: the domain
/// queue hands out small batches when it keeps up with arrivals, and a session per batch would cost a connection,
/// greeting and EHLO every few messages. The slots of one domain are spread over the silos (<see cref="DeliverySlotPlacement"/>).
/// </summary>
[DeliverySlotPlacement]
public sealed partial class DeliveryWorkerGrain(
    IDeliveryAgent agent,
    DeliveryTelemetry telemetry,
    IOptionsMonitor<DeliveryLimitsOptions> limits,
    IDeliveryJournal journal,
    TimeProvider time,
    ILogger<DeliveryWorkerGrain> logger) : Grain, IDeliveryWorkerGrain
{
    /// <summary>How long an idle connection is kept for the next batch (Postfix smtp_connection_cache_time_limit).</summary>
    private static readonly TimeSpan IdleConnectionTime = TimeSpan.FromSeconds(2);
    private IDeliverySession? _session;
    private int _sentOnSession;
    private IGrainTimer? _idleTimer;

    public async Task<DeliveryOutcome[]> DeliverAsync(string domain, long batch, QueueEntry[] entries)
    {
        var perConnection = limits.CurrentValue.For(domain).MaxMessagesPerConnection;
        var recorder = GrainFactory.GetGrain<IDeliveryOutcomeRecorder>(domain);
        var outcomes = new List<DeliveryOutcome>(entries.Length);
        DeliveryOutcome? unreachable = null;
        foreach (var entry in entries)
        {
            if (unreachable is not null)
            {
                // Dead destination: the rest of the batch would meet the same wall (Postfix defers the whole queue).
                outcomes.Add(Defer(entry, unreachable));
                continue;
            }

            if (_session is null || _sentOnSession >= perConnection)
            {
                await CloseSessionAsync();
                _session = agent.OpenSession(domain);
            }

            var outcome = await DeliverOneAsync(_session, domain, entry);
            _sentOnSession++;
            outcomes.Add(outcome);

            // Noted in the journal as the reply came (DeliverOneAsync), and now reported while the next message
            // goes out, not after the batch. Not awaited: the queue grain takes reports while it awaits this batch,
            // but not while it deactivates (a silo stopping), and this batch must not wait for that. Whatever the
            // queue has not applied when the reply arrives, it applies from the reply.
            _ = RecordAsync(recorder, batch, outcome);
            if (outcome.ConnectionFailed)
            {
                unreachable = outcome;
            }
        }

        if (unreachable is not null || _sentOnSession >= perConnection)
        {
            await CloseSessionAsync();
        }
        else if (_session is not null)
        {
            _idleTimer ??= this.RegisterGrainTimer(_ => CloseSessionAsync(), new GrainTimerCreationOptions(IdleConnectionTime, Timeout.InfiniteTimeSpan));
            _idleTimer.Change(IdleConnectionTime, Timeout.InfiniteTimeSpan);
        }

        return [.. outcomes];
    }

    private async Task RecordAsync(IDeliveryOutcomeRecorder recorder, long batch, DeliveryOutcome outcome)
    {
        try
        {
            await recorder.RecordOutcomeAsync(batch, outcome);
        }
        catch (Exception ex)
        {
            // The batch's reply carries every outcome: the queue applies there what it did not record here.
            LogRecordFailed(logger, outcome.MessageId, ex);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await CloseSessionAsync();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task CloseSessionAsync()
    {
        if (_session is { } session)
        {
            _session = null;
            _sentOnSession = 0;
            await session.DisposeAsync();
        }
    }

    private async Task<DeliveryOutcome> DeliverOneAsync(IDeliverySession session, string domain, QueueEntry entry)
    {
        var started = time.GetTimestamp();
        using var activity = telemetry.StartAttempt(domain, entry.MessageId, entry.Recipients.Length, entry.TraceParent);
        var request = DeliveryRequest.For(entry) ?? await FromRecordAsync(entry);
        var attempt = await session.DeliverAsync(request, accepted => NoteDeliveredAsync(domain, entry.MessageId, accepted), CancellationToken.None);
        telemetry.AttemptFinished(time.GetElapsedTime(started));
        activity?.SetTag("mailgrid.next_hop", HopOf(attempt));
        return OutcomeOf(entry.MessageId, attempt);
    }

    /// <summary>
    /// Runs on the thread that read the 250, off this grain's scheduler (it touches no grain state): the journal note
    /// is what keeps a crash from sending the message again before the queue has recorded it.
    /// </summary>
    private async ValueTask NoteDeliveredAsync(string domain, string messageId, DeliveryAttempt attempt)
    {
        var delivered = OutcomeOf(messageId, attempt).Recipients.Where(r => r.State == RecipientState.Delivered).ToArray();
        if (delivered.Length == 0)
        {
            return;
        }

        try
        {
            await journal.WriteAsync(domain, messageId, delivered, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or StorageUnavailableException)
        {
            // The record still follows; without the note a crash before it costs a duplicate, never the message.
            LogNoteFailed(logger, messageId, ex);
        }
    }

    private static string? HopOf(DeliveryAttempt attempt) => attempt.Hop?.MxHost ?? attempt.Hop?.ToString();

    private DeliveryOutcome OutcomeOf(string messageId, DeliveryAttempt attempt)
    {
        var hop = HopOf(attempt);
        var now = time.GetUtcNow();
        return new DeliveryOutcome
        {
            MessageId = messageId,
            ConnectionFailed = attempt.ConnectionFailed,
            Hop = hop,
            Recipients = attempt.Results.Select(r => new RecipientOutcome
            {
                Address = r.Address,
                State = r.State,
                Detail = r.Detail,
                RemoteHost = hop,
                At = now,
                NextHopSupportsDsn = attempt.NextHopSupportsDsn,
            }).ToArray(),
        };
    }

    /// <summary>An entry queued before it carried the DSN parameters (RET, ENVID, NOTIFY, ORCPT): the message record has them.</summary>
    private async Task<DeliveryRequest> FromRecordAsync(QueueEntry entry)
    {
        var record = await GrainFactory.GetGrain<IMessageGrain>(entry.MessageId).GetRecordAsync();
        return record is null
            ? new DeliveryRequest(entry.MessageId, entry.BlobKey, entry.ReversePath, entry.Recipients)
            : DeliveryRequest.For(record.Envelope, entry.Recipients);
    }

    private DeliveryOutcome Defer(QueueEntry entry, DeliveryOutcome cause)
    {
        var detail = cause.Recipients.FirstOrDefault()?.Detail ?? "451 4.4.1 Destination unreachable";
        var now = time.GetUtcNow();
        return new DeliveryOutcome
        {
            MessageId = entry.MessageId,
            ConnectionFailed = true,
            Hop = cause.Hop,
            Recipients = entry.Recipients.Select(r => new RecipientOutcome { Address = r, State = RecipientState.Deferred, Detail = detail, RemoteHost = cause.Hop, At = now }).ToArray(),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The delivery of {MessageId} could not be noted in the delivery journal")]
    private static partial void LogNoteFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outcome of {MessageId} could not be recorded as it came; it goes back with its batch")]
    private static partial void LogRecordFailed(ILogger logger, string messageId, Exception exception);
}
