namespace MailGrid.Queues;

/// <summary>
/// One grain per destination domain (key: lower-case domain). Owns that domain's outbound queue
/// and runs its delivery loop.
/// </summary>
public interface IDomainQueueGrain : IGrainWithStringKey
{
    /// <summary>Durably adds (or replaces, by message id) an entry and wakes the delivery loop.</summary>
    Task EnqueueAsync(QueueEntry entry);

    /// <summary>Activates the grain (after a restart or a silo loss) and delivers whatever is due.</summary>
    Task WakeAsync();

    Task<DomainQueueSummary> GetSummaryAsync();

    /// <summary>Entries in due-time order.</summary>
    Task<QueueEntry[]> ListAsync(int limit);

    /// <summary>Stops delivery to the domain until <see cref="ResumeAsync"/>; mail keeps queueing. Survives restarts.</summary>
    Task PauseAsync();

    Task ResumeAsync();

    /// <summary>Makes one message (or, with null, every message) due now, and ends a suspension.</summary>
    Task<bool> RetryNowAsync(string? messageId);

    /// <summary>Fails the message's remaining recipients at this domain ("bounced by the administrator") and removes it.</summary>
    Task<bool> BounceAsync(string messageId);

    /// <summary>Removes the message from this queue without delivering it; its recipients are marked failed.</summary>
    Task<bool> DeleteAsync(string messageId);
}
