using MailGrid.Delivery;
using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.Grains.Queues;

/// <summary>
/// Decides the fate of a queue entry after an attempt, apart from any grain or store so it can be tested with a
/// fake clock: recipients with a final outcome leave the entry; deferred ones stay and the entry comes due again
/// after <see cref="RetrySchedule"/>'s backoff, unless the message has outlived <see cref="DeliveryOptions.MaxLifetime"/>,
/// in which case they fail as expired (<c>4.4.7</c>, like Postfix's maximal_queue_lifetime).
/// </summary>
public static class QueueEntryPlanner
{
    public static QueueEntryPlan Plan(QueueEntry entry, IReadOnlyList<RecipientOutcome> outcomes, DeliveryOptions options, TimeProvider time, Random random)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var expired = now - entry.ArrivedAt >= options.MaxLifetime;
        var report = outcomes.Select(r => r.State == RecipientState.Deferred && expired
            ? r with { State = RecipientState.Failed, Detail = $"554 4.4.7 Message expired after {options.MaxLifetime}; last error: {r.Detail}", LastReply = r.Detail }
            : r).ToArray();
        var expiredAny = expired && outcomes.Any(r => r.State == RecipientState.Deferred);

        var remaining = report.Where(o => o.State == RecipientState.Deferred).ToArray();
        if (remaining.Length == 0)
        {
            return new QueueEntryPlan(report, null, TimeSpan.Zero) { Expired = expiredAny };
        }

        var attempts = entry.Attempts + 1;
        var delay = RetrySchedule.DelayAfter(attempts, options, random);
        var next = entry with
        {
            Recipients = remaining.Select(o => o.Address).ToArray(),
            Attempts = attempts,
            DueAt = now + delay,
            LastError = remaining[0].Detail,
        };
        return new QueueEntryPlan(report, next, delay);
    }
}
