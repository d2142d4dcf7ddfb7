using MailGrid.Messages;
using MailGrid.Storage.Serialization;

namespace MailGrid.Storage.Local.Sqlite;

/// <summary>Message records as rows of <c>message_records</c>, written through the group-commit writer.</summary>
public sealed class SqliteMessageStore : IMessageStore
{
    private readonly SqliteDatabase database;

    public SqliteMessageStore(SqliteDatabase database) => this.database = database;

    public Task SaveAsync(MessageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var json = StorageJson.Serialize(record);
        var id = record.Envelope.MessageId;
        return database.WriteAsync(
            tx =>
            {
                // Disposed at once: undisposed commands pile up on the long-lived writer connection and make
                // every later disposal scan them (it showed as ~14 % of CPU under load).
                using var command = tx.Command("INSERT OR REPLACE INTO message_records (message_id, record) VALUES ($id, $record)")
                    .With("$id", id).With("$record", json);
                return command.ExecuteNonQuery();
            },
            cancellationToken);
    }

    public Task<MessageRecord?> GetAsync(string messageId, CancellationToken cancellationToken) =>
        Task.FromResult(database.Read(
            connection =>
            {
                using var command = connection.Command("SELECT record FROM message_records WHERE message_id = $id").With("$id", messageId);
                return command.ReadBlob(json => StorageJson.DeserializeMessageRecord(json));
            },
            cancellationToken));

    public Task<bool> DeleteAsync(string messageId, CancellationToken cancellationToken) =>
        database.WriteAsync(
            tx =>
            {
                using var command = tx.Command("DELETE FROM message_records WHERE message_id = $id").With("$id", messageId);
                return command.ExecuteNonQuery() > 0;
            },
            cancellationToken);
}
