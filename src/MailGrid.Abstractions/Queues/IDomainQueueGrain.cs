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
}
