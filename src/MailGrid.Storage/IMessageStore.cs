using MailGrid.Messages;

namespace MailGrid.Storage;

/// <summary>Durable message records: one small record per message, written and updated on its own.</summary>
public interface IMessageStore
{
    /// <summary>
    /// Writes (inserts or replaces) a record; durable when the task completes. A record whose every recipient is final
    /// enters the index of final records (by <see cref="MessageFinality.FinalAt"/>) in the same write.
    /// </summary>
    Task SaveAsync(MessageRecord record, CancellationToken cancellationToken);

    Task<MessageRecord?> GetAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Deletes a record (and its place in the index of final records); false when there was none.</summary>
    Task<bool> DeleteAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Records whose every recipient became final before <paramref name="finalBefore"/>, earliest first, at most
    /// <paramref name="limit"/>. Read from an index kept with each save, never by scanning the records.
    /// </summary>
    Task<IReadOnlyList<FinalMessage>> ListFinalAsync(DateTimeOffset finalBefore, int limit, CancellationToken cancellationToken);
}
