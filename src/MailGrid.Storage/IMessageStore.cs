using MailGrid.Messages;

namespace MailGrid.Storage;

/// <summary>Durable message records: one small record per message, written and updated on its own.</summary>
public interface IMessageStore
{
    /// <summary>Writes (inserts or replaces) a record; durable when the task completes.</summary>
    Task SaveAsync(MessageRecord record, CancellationToken cancellationToken);

    Task<MessageRecord?> GetAsync(string messageId, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string messageId, CancellationToken cancellationToken);
}
