using MailGrid.Queues;

namespace MailGrid.Storage;

/// <summary>
/// Outbound queues, one per destination domain: one record per (domain, message) plus an index by due time.
/// Also keeps the registry of non-empty queues that recovery scans after a restart or a silo loss.
/// </summary>
public interface IQueueStore
{
    /// <summary>Inserts or replaces the entry for (domain, entry.MessageId); durable when the task completes.</summary>
    Task UpsertAsync(string domain, QueueEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes the entry; the domain leaves the registry when its queue becomes empty.</summary>
    Task<bool> RemoveAsync(string domain, string messageId, CancellationToken cancellationToken);

    /// <summary>The entry for (domain, message id), or null.</summary>
    Task<QueueEntry?> GetAsync(string domain, string messageId, CancellationToken cancellationToken);

    /// <summary>Entries due at or before <paramref name="now"/>, earliest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<QueueEntry>> GetDueAsync(string domain, DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Entries in due-time order regardless of due time, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<QueueEntry>> ListAsync(string domain, int limit, CancellationToken cancellationToken);

    /// <summary>The earliest due time in the queue, or null when it is empty.</summary>
    Task<DateTimeOffset?> GetNextDueAsync(string domain, CancellationToken cancellationToken);

    Task<long> CountAsync(string domain, CancellationToken cancellationToken);

    /// <summary>Every domain whose queue is not empty.</summary>
    Task<IReadOnlyList<string>> GetActiveDomainsAsync(CancellationToken cancellationToken);
}
