using MailGrid.Delivery;
using MailGrid.Delivery.Telemetry;
using MailGrid.Messages;
using MailGrid.Queues;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Queues;

/// <summary>
/// Runs the SMTP sessions of one connection slot. The connection is kept between batches (up to the destination's
/// messages-per-connection limit) and closed after a short idle time, like Postfix's connection cache: the domain
/// queue hands out small batches when it keeps up with arrivals, and a session per batch would cost a connection,
/// greeting and EHLO every few messages. The slots of one domain are spread over the silos (<see cref="DeliverySlotPlacement"/>).
/// </summary>
[DeliverySlotPlacement]
public sealed class DeliveryWorkerGrain(IDeliveryAgent agent, DeliveryTelemetry telemetry, IOptionsMonitor<DeliveryLimitsOptions> limits, TimeProvider time) : Grain, IDeliveryWorkerGrain
{
    /// <summary>How long an idle connection is kept for the next batch (Postfix smtp_connection_cache_time_limit).</summary>
    private static readonly TimeSpan IdleConnectionTime = TimeSpan.FromSeconds(2);
    private IDeliverySession? _session;
    private int _sentOnSession;
    private IGrainTimer? _idleTimer;

    public async Task<DeliveryOutcome[]> DeliverAsync(string domain, QueueEntry[] batch)
    {
        var perConnection = limits.CurrentValue.For(domain).MaxMessagesPerConnection;
        var outcomes = new List<DeliveryOutcome>(batch.Length);
        DeliveryOutcome? unreachable = null;
        foreach (var entry in batch)
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
        var attempt = await session.DeliverAsync(request, CancellationToken.None);
        telemetry.AttemptFinished(time.GetElapsedTime(started));
        var hop = attempt.Hop?.MxHost ?? attempt.Hop?.ToString();
        activity?.SetTag("mailgrid.next_hop", hop);
        var now = time.GetUtcNow();
        return new DeliveryOutcome
        {
            MessageId = entry.MessageId,
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
}
