using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.Grains.Queues;

/// <summary>What the domain queue does with an entry after an attempt (see <see cref="QueueEntryPlanner"/>).</summary>
/// <param name="Report">The recipient outcomes to report to the message grain; deferrals past the lifetime are already failures (4.4.7).</param>
/// <param name="Next">The entry to store again with its remaining (deferred) recipients; null when every recipient is final and the entry goes.</param>
/// <param name="RetryDelay">How long until <paramref name="Next"/> is due; zero when the entry goes.</param>
public sealed record QueueEntryPlan(RecipientOutcome[] Report, QueueEntry? Next, TimeSpan RetryDelay)
{
    /// <summary>Every recipient reached a final state: the entry leaves the queue.</summary>
    public bool Remove => Next is null;

    /// <summary>At least one recipient failed because the message outlived <c>MaxLifetime</c>.</summary>
    public bool Expired { get; init; }

    /// <summary>The reply of the first still-deferred recipient (the entry's new <c>LastError</c>).</summary>
    public string? LastError => Next?.LastError;
}
