using MailGrid.Delivery;
using MailGrid.Delivery.Telemetry;
using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.Grains.Queues;

/// <summary>
/// Runs the SMTP sessions of one connection slot: a batch goes over one reused connection. Stateless between
/// calls; the slots of one domain are spread over the silos (<see cref="DeliverySlotPlacement"/>).
/// </summary>
[DeliverySlotPlacement]
public sealed class DeliveryWorkerGrain(IDeliveryAgent agent, DeliveryTelemetry telemetry, TimeProvider time) : Grain, IDeliveryWorkerGrain
{
    public async Task<DeliveryOutcome[]> DeliverAsync(string domain, QueueEntry[] batch)
    {
        // One session per batch: the batch is at most MaxMessagesPerConnection long, so that limit holds by construction.
        await using var session = agent.OpenSession(domain);
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

            var outcome = await DeliverOneAsync(session, domain, entry);
            outcomes.Add(outcome);
            if (outcome.ConnectionFailed)
            {
                unreachable = outcome;
            }
        }

        return [.. outcomes];
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
